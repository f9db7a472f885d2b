package demo

import (
	"context"
	"fmt"

	"koto/internal/access"
	"koto/internal/note"
)

// demoNotes are the synthetic case notes of the demo: everyday casework in
// the Finnish staff write, no real person in any of them.
var demoNotes = []struct{ typ, text, amendment string }{
	{"counselling", "Alkukartoituksen jatkokeskustelu. Asiakas kertoi tavoitteekseen työn rakennusalalla; suomen kielen kurssi aloitetaan ensin.",
		"Korjaus: asiakas toivoo työtä logistiikka-alalta, ei rakennusalalta."},
	{"phone", "Asiakas soitti ja kysyi kotoutumistuen maksupäivästä. Ohjattu Kelan palveluun.", ""},
	{"home-visit", "Kotikäynti tulkin kanssa. Asunto kunnossa, perheen lapsille haetaan päiväkotipaikkaa.",
		"Lisäys: päiväkotihakemus jätetty samana päivänä."},
	{"e-service", "Asiakas lähetti asiointipalvelussa todistuksen kielikurssin suorittamisesta.", ""},
	{"follow-up", "Kotoutumissuunnitelman seuranta: kielikurssi etenee, työkokeilu harkitaan keväälle.", ""},
	{"secure-email", "Suojattu viesti TE-palveluille työkokeilupaikasta lähetetty asiakkaan luvalla.", ""},
	{"reception", "Vastaanottokäynti. Asiakas toi oleskelulupapäätöksen nähtäväksi; tiedot päivitetty.", ""},
}

// demoSensitive is the text of the few sensitive demo notes.
const demoSensitive = "Asiakas kertoi univaikeuksista ja väsymyksestä, jotka haittaavat kurssilla käymistä. Ohjattu terveysasemalle."

// addNotes writes case notes for a share of the demo clients (one in ten;
// a few of them amended, one in fifty also a sensitive note), as the
// caseworker that registered the client, so every note is in the access
// log like any other. It stays cheap: about 0.15 extra writes per client.
func addNotes(ctx context.Context, svc *note.Service, actor access.Actor, clientID string, i int) error {
	if svc == nil || i%10 != 3 {
		return nil
	}
	k := (i / 10) % len(demoNotes)
	d := demoNotes[k]
	date := fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28)
	n, err := svc.Create(ctx, actor, clientID, note.Input{Type: d.typ, Date: date, Text: d.text})
	if err != nil {
		return err
	}
	if d.amendment != "" {
		if _, err := svc.Amend(ctx, actor, clientID, n.ID, d.amendment); err != nil {
			return err
		}
	}
	if i%50 == 3 {
		_, err = svc.Create(ctx, actor, clientID, note.Input{Type: "counselling", Date: date, Text: demoSensitive, Sensitive: true})
	}
	return err
}

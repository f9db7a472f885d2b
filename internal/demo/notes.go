package demo

import (
	"context"
	"math/rand/v2"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
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
	{"counselling", "Käyty läpi kotoutumiskoulutuksen aikataulu ja matkakorvaukset. Asiakas ymmärsi ohjeet tulkin avulla.",
		"Tarkennus: matkakorvaus haetaan kuukausittain jälkikäteen."},
	{"phone", "Soitto asiakkaalle: kurssipaikka vahvistettu, aloitus ensi kuun alussa.", ""},
	{"follow-up", "Seurantatapaaminen. Läsnäolo kurssilla hyvä; asiakas haluaa lisätukea kirjoittamiseen.", ""},
	{"e-service", "Asiakas kysyi viestillä, voiko perheen lapsen kerhotoiminnan maksusta saada tukea. Vastattu ja ohjattu sosiaalitoimeen.", ""},
	{"counselling", "Keskusteltu asunnon vaihdosta lähemmäs koulutuspaikkaa. Asiakas hakee vuokra-asuntoa kaupungin kautta.",
		"Lisäys: asuntohakemus vastaanotettu."},
	{"home-visit", "Kotikäynti: perhe on asettunut, arjen asiointi sujuu osin. Sovittu pankkiasioinnin ohjauksesta.", ""},
	{"secure-email", "Suojattu viesti oppilaitokselle aiemman tutkinnon tunnustamisen asiakirjoista asiakkaan luvalla.", ""},
}

// demoSensitive are the texts of the few sensitive demo notes.
var demoSensitive = []string{
	"Asiakas kertoi univaikeuksista ja väsymyksestä, jotka haittaavat kurssilla käymistä. Ohjattu terveysasemalle.",
	"Asiakas kertoi jaksamisen vaikeuksista perheen tilanteen vuoksi. Ohjattu mielenterveyspalveluihin, sovittu seurannasta.",
	"Asiakkaalla on selkävaiva, joka rajoittaa fyysistä työtä. Työkykyarvio sovittu työterveyshuoltoon.",
}

// noteDraws is client i's own random source for its notes, apart from the
// person's and the other casework's, so notes change nothing else.
func noteDraws(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^0x6e6f746573, uint64(i)))
}

// servicePeriod is the client's time in the municipality's services:
// from its registration in the municipality (else arrival, else three
// years back) to the end of its service or the demo's day.
func servicePeriod(c client.Client) (start, end civil.Date) {
	start = c.MunicipalityRegistered
	if start.IsZero() {
		start = c.ArrivalDate
	}
	if start.IsZero() || start.After(asOf) {
		start = addDays(asOf, -3*365)
	}
	end = asOf
	if !c.ServiceEnd.IsZero() && c.ServiceEnd.Before(asOf) {
		end = c.ServiceEnd
	}
	return start, end
}

// clientNotes returns client i's 10–30 case notes (one in six amended,
// about one in fifteen sensitive), spread over its service period: from
// its registration in the municipality (else arrival, else three years
// back) to the end of its service or the demo's day. Derived from i and
// the seed alone.
func clientNotes(seed int64, i int, c client.Client) []note.Loaded {
	r := noteDraws(seed, i)
	start, end := servicePeriod(c)
	span := max(epochDay(end)-epochDay(start), 1)
	n := 10 + r.IntN(21)
	out := make([]note.Loaded, 0, n)
	for k := range n {
		// Even spread with some jitter: the k-th of n notes falls in the
		// k-th part of the period.
		day := addDays(start, (k*span+r.IntN(span))/n)
		day = minDate(day, end)
		l := note.Loaded{ClientID: c.ID}
		if r.IntN(15) == 0 {
			l.Input = note.Input{Type: "counselling", Date: day.String(), Text: pick(r, demoSensitive), Sensitive: true}
		} else {
			d := demoNotes[r.IntN(len(demoNotes))]
			l.Input = note.Input{Type: d.typ, Date: day.String(), Text: d.text}
			if d.amendment != "" && r.IntN(2) == 0 {
				l.Amendments = []string{d.amendment}
			}
		}
		out = append(out, l)
	}
	return out
}

// loadBatch is how many records (notes, referrals, …) one bulk
// transaction writes: large enough that a transaction's fixed cost
// vanishes, small enough that other writers wait only a moment.
const loadBatch = 2000

// batchWriter gathers a worker's records of one kind by municipality and
// writes them in batches through their service's bulk path (load), as
// the demo.load system actor in the name of the municipality's
// caseworker.
type batchWriter[T any] struct {
	load    func(ctx context.Context, system, author access.Actor, records []T) error
	system  access.Actor
	pending map[string][]T // by municipality code
}

// newBatchWriter returns a writer over load; a nil load writes nothing.
func newBatchWriter[T any](load func(ctx context.Context, system, author access.Actor, records []T) error) *batchWriter[T] {
	system := access.SystemActor(access.ChannelCLI)
	system.RequestID = "demo-load"
	return &batchWriter[T]{load: load, system: system, pending: map[string][]T{}}
}

// add queues records of author's municipality and writes its batch when
// it is full.
func (w *batchWriter[T]) add(ctx context.Context, author access.Actor, records []T) error {
	if w.load == nil {
		return nil
	}
	p := append(w.pending[author.OrgCode], records...)
	if len(p) < loadBatch {
		w.pending[author.OrgCode] = p
		return nil
	}
	delete(w.pending, author.OrgCode)
	return w.load(ctx, w.system, author, p)
}

// flush writes what is queued.
func (w *batchWriter[T]) flush(ctx context.Context, actors map[string]access.Actor) error {
	for code, p := range w.pending {
		if err := w.load(ctx, w.system, actors[code], p); err != nil {
			return err
		}
		delete(w.pending, code)
	}
	return nil
}

package demo

// Background is one language background of synthetic demo clients. The
// name lists hold common given names and surnames only, never real
// people; combining them at random gives plausible but fictional clients.
// Lists include several romanisations of the same name where registers
// really contain them (Mohammed, Muhammad, Mohamed), so that demo data
// exercises the transliteration-tolerant search.
type Background struct {
	// Code identifies the background, e.g. "ar".
	Code string
	// MotherTongue is an ISO 639-1 code ("ar", "so", "fa", "ru", "uk",
	// "ti", "vi", "th", "en", "et"); Kurdish Sorani, which has none of its
	// own, uses the ISO 639-3 code "ckb".
	MotherTongue string
	// Citizenships are ISO 3166-1 alpha-2 codes, most common first.
	Citizenships []string
	// BirthPlaces are city names in their usual English spelling.
	BirthPlaces []string
	// MaleFirst and FemaleFirst are given names; Last are surnames (or,
	// where the naming custom has no surnames, father's or family names
	// used as such in Finnish registers).
	MaleFirst, FemaleFirst, Last []string
	// FemaleLast, when not empty, holds the surnames for women: Russian
	// surnames are gendered (Ivanov, Ivanova). When empty, Last is used
	// for everyone.
	FemaleLast []string
	// Weight is the relative share of this background among generated
	// clients: a rough picture of integration-service clientele in
	// Finland, not a statistic.
	Weight int
}

// Backgrounds are the language backgrounds of the demo-data generator.
var Backgrounds = []Background{
	{
		Code:         "ar",
		MotherTongue: "ar",
		Citizenships: []string{"SY", "IQ"},
		BirthPlaces: []string{
			"Damascus", "Aleppo", "Homs", "Hama", "Latakia", "Daraa", "Deir ez-Zor", "Raqqa",
			"Baghdad", "Mosul", "Basra", "Najaf", "Karbala", "Fallujah", "Ramadi",
		},
		MaleFirst: []string{
			"Mohammed", "Muhammad", "Mohamed", "Mohammad", "Ahmad", "Ahmed", "Ali", "Omar",
			"Khaled", "Khalid", "Hussein", "Hassan", "Mahmoud", "Yousef", "Youssef", "Ibrahim",
			"Mustafa", "Abdullah", "Abdulrahman", "Karim", "Samir", "Bilal", "Hamza", "Tariq",
			"Rami", "Fadi", "Ammar", "Anas", "Majid", "Walid", "Jamal", "Zaid", "Osama", "Saad",
		},
		FemaleFirst: []string{
			"Fatima", "Fatema", "Aisha", "Maryam", "Mariam", "Zainab", "Noor", "Nour",
			"Huda", "Layla", "Leila", "Rania", "Hiba", "Sara", "Amal", "Asmaa", "Dina",
			"Reem", "Yasmin", "Salma", "Rasha", "Ghada", "Lina", "Hanan", "Samira", "Nadia",
			"Dalia", "Ruqaya", "Iman", "Shahad",
		},
		Last: []string{
			"Al-Hassan", "Alhassan", "Al-Ahmad", "Al-Khatib", "Al-Ali", "Al-Hussein", "Al-Obaidi",
			"Al-Jubouri", "Al-Rashid", "Hamdan", "Haddad", "Khalil", "Saleh", "Abbas", "Mansour",
			"Nasser", "Qasim", "Kassem", "Ibrahim", "Othman", "Darwish", "Sabbagh", "Shami",
			"Youssef", "Hamoud", "Kurdi", "Masri", "Halabi", "Aziz", "Jaber",
		},
		Weight: 18,
	},
	{
		Code:         "so",
		MotherTongue: "so",
		Citizenships: []string{"SO"},
		BirthPlaces: []string{
			"Mogadishu", "Hargeisa", "Kismayo", "Baidoa", "Beledweyne", "Galkayo", "Bosaso",
			"Burao", "Merca", "Jowhar",
		},
		MaleFirst: []string{
			"Mohamed", "Mahamed", "Maxamed", "Mohamud", "Abdi", "Abdullahi", "Abdirahman",
			"Abdirizak", "Abdikadir", "Ahmed", "Ali", "Hassan", "Hussein", "Ismail", "Yusuf",
			"Omar", "Osman", "Farah", "Jama", "Liban", "Mustafe", "Nur", "Said", "Guled",
			"Bashir", "Warsame", "Idris", "Ayub", "Mukhtar", "Faysal", "Sakariye", "Shafi",
		},
		FemaleFirst: []string{
			"Fadumo", "Faadumo", "Fatuma", "Amina", "Asha", "Hodan", "Halima", "Hawa",
			"Khadija", "Sahra", "Sagal", "Ubah", "Ifrah", "Nasra", "Hibo", "Deqa", "Ayan",
			"Filsan", "Farhiya", "Idil", "Maryan", "Muna", "Najma", "Ruqiya", "Safiya",
			"Zamzam", "Hamdi", "Ladan", "Sucaad", "Istahil",
		},
		Last: []string{
			"Mohamed", "Mohamud", "Ali", "Hassan", "Abdi", "Farah", "Warsame", "Omar",
			"Ahmed", "Jama", "Osman", "Hussein", "Yusuf", "Nur", "Aden", "Adan", "Ismail",
			"Egal", "Dirie", "Duale", "Guled", "Hersi", "Abdullahi", "Elmi", "Abdirahman",
			"Said", "Ibrahim", "Isse", "Awale", "Yasin",
		},
		Weight: 12,
	},
	{
		Code:         "fa",
		MotherTongue: "fa",
		Citizenships: []string{"AF", "IR"},
		BirthPlaces: []string{
			"Kabul", "Herat", "Mazar-i-Sharif", "Kandahar", "Ghazni", "Jalalabad", "Bamyan",
			"Kunduz", "Tehran", "Mashhad", "Isfahan", "Shiraz", "Tabriz", "Qom",
		},
		MaleFirst: []string{
			"Mohammad", "Mohammed", "Ahmad", "Ali", "Reza", "Hossein", "Hussain", "Mahdi",
			"Mehdi", "Amir", "Hamid", "Javad", "Jawad", "Mustafa", "Sayed", "Farid", "Nasir",
			"Rahim", "Karim", "Habib", "Zabiullah", "Rahmatullah", "Omid", "Sohrab", "Bahram",
			"Ehsan", "Arash", "Hamed", "Masoud", "Jamshid", "Farhad",
		},
		FemaleFirst: []string{
			"Fatemeh", "Fatima", "Zahra", "Maryam", "Masoumeh", "Parisa", "Shirin", "Leila",
			"Laila", "Nasrin", "Mina", "Roya", "Soraya", "Farzaneh", "Zainab", "Nilofar",
			"Marzieh", "Shabnam", "Hamida", "Mahnaz", "Fereshteh", "Freshta", "Sima", "Homa",
			"Azadeh", "Mursal", "Sahar", "Nargis", "Yalda", "Setareh",
		},
		Last: []string{
			"Ahmadi", "Mohammadi", "Hosseini", "Husseini", "Rezaei", "Hashemi", "Karimi",
			"Rahimi", "Sadat", "Noori", "Nuri", "Azizi", "Haidari", "Hakimi", "Jafari",
			"Kazemi", "Moradi", "Amiri", "Sultani", "Rasuli", "Habibi", "Yousefi", "Rahmani",
			"Safi", "Stanekzai", "Popal", "Wardak", "Naseri", "Sharifi", "Akbari",
		},
		Weight: 10,
	},
	{
		Code:         "ckb",
		MotherTongue: "ckb",
		Citizenships: []string{"IQ", "IR"},
		BirthPlaces: []string{
			"Sulaymaniyah", "Erbil", "Kirkuk", "Halabja", "Ranya", "Koya", "Sanandaj",
			"Mahabad", "Kermanshah", "Marivan",
		},
		MaleFirst: []string{
			"Karwan", "Rebin", "Hemin", "Azad", "Aram", "Dilshad", "Shwan", "Sherko", "Hawre",
			"Rebwar", "Kawa", "Bakhtiyar", "Bahoz", "Dara", "Soran", "Hiwa", "Shakhawan",
			"Zana", "Goran", "Ali", "Omar", "Ahmed", "Mohammed", "Sardar", "Hardi", "Karzan",
			"Ranj", "Alan", "Hoshyar", "Nawzad",
		},
		FemaleFirst: []string{
			"Shilan", "Shirin", "Nazanin", "Sozan", "Bahar", "Berivan", "Rozhin", "Avin",
			"Aveen", "Ronak", "Hana", "Chnur", "Lana", "Nasik", "Shno", "Dilan", "Zhila",
			"Parwin", "Halala", "Zhino", "Rezan", "Shayma", "Bafrin", "Kazhal", "Tara",
			"Sarwa", "Nyan", "Darya", "Gulala", "Awaz",
		},
		Last: []string{
			"Ahmed", "Mohammed", "Rashid", "Karim", "Kareem", "Aziz", "Hama", "Qadir",
			"Salih", "Hassan", "Mahmood", "Abdullah", "Rasul", "Ali", "Omer", "Amin", "Jalal",
			"Faraj", "Hamad", "Hawrami", "Sharif", "Mustafa", "Khoshnaw", "Baban", "Jaf",
			"Zangana", "Majid", "Othman", "Sabir", "Hussein",
		},
		Weight: 6,
	},
	{
		Code:         "uk",
		MotherTongue: "uk",
		Citizenships: []string{"UA"},
		BirthPlaces: []string{
			"Kyiv", "Kharkiv", "Odesa", "Dnipro", "Lviv", "Zaporizhzhia", "Mykolaiv",
			"Mariupol", "Kherson", "Chernihiv", "Poltava", "Vinnytsia", "Sumy", "Zhytomyr",
		},
		MaleFirst: []string{
			"Oleksandr", "Oleksii", "Oleksiy", "Andrii", "Andriy", "Serhii", "Serhiy",
			"Dmytro", "Mykola", "Volodymyr", "Ivan", "Yurii", "Vasyl", "Bohdan", "Taras",
			"Mykhailo", "Petro", "Viktor", "Artem", "Maksym", "Denys", "Vitalii", "Oleh",
			"Ihor", "Roman", "Pavlo", "Yaroslav", "Vladyslav", "Ruslan", "Danylo", "Nazar",
		},
		FemaleFirst: []string{
			"Olha", "Nataliia", "Tetiana", "Iryna", "Oksana", "Svitlana", "Yuliia", "Olena",
			"Kateryna", "Anastasiia", "Mariia", "Halyna", "Liudmyla", "Nadiia", "Viktoriia",
			"Alina", "Daria", "Sofiia", "Anna", "Hanna", "Valentyna", "Larysa", "Inna",
			"Khrystyna", "Yevheniia", "Zoriana", "Lesia", "Oleksandra", "Ivanna", "Polina",
		},
		Last: []string{
			"Melnyk", "Shevchenko", "Kovalenko", "Bondarenko", "Boiko", "Tkachenko",
			"Kravchenko", "Kovalchuk", "Koval", "Oliinyk", "Shevchuk", "Polishchuk",
			"Ivanenko", "Tkachuk", "Savchenko", "Rudenko", "Lysenko", "Marchenko", "Moroz",
			"Petrenko", "Klymenko", "Pavlenko", "Kravchuk", "Kuzmenko", "Ponomarenko",
			"Savchuk", "Vasylenko", "Levchenko", "Kharchenko", "Karpenko",
		},
		Weight: 18,
	},
	{
		Code:         "ru",
		MotherTongue: "ru",
		Citizenships: []string{"RU", "EE", "KZ"},
		BirthPlaces: []string{
			"Saint Petersburg", "Moscow", "Petrozavodsk", "Murmansk", "Vyborg",
			"Veliky Novgorod", "Pskov", "Kazan", "Yekaterinburg", "Novosibirsk", "Narva",
			"Almaty",
		},
		MaleFirst: []string{
			"Aleksandr", "Alexander", "Sergei", "Sergey", "Dmitry", "Dmitri", "Andrei",
			"Aleksei", "Alexey", "Ivan", "Mikhail", "Nikolai", "Vladimir", "Yevgeny", "Evgeny",
			"Maksim", "Pavel", "Artyom", "Igor", "Oleg", "Roman", "Viktor", "Denis", "Anton",
			"Konstantin", "Yuri", "Kirill", "Ilya", "Nikita", "Vadim", "Boris",
		},
		FemaleFirst: []string{
			"Olga", "Natalia", "Natalya", "Yekaterina", "Ekaterina", "Jekaterina", "Tatiana",
			"Tatyana", "Irina", "Svetlana", "Yelena", "Elena", "Anastasia", "Maria", "Anna",
			"Yulia", "Lyudmila", "Ljudmila", "Galina", "Marina", "Nadezhda", "Valentina",
			"Larisa", "Oksana", "Darya", "Ksenia", "Polina", "Alina", "Viktoria", "Zhanna",
		},
		Last: []string{
			"Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Petrov", "Sokolov",
			"Mikhailov", "Novikov", "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev",
			"Semenov", "Egorov", "Pavlov", "Kozlov", "Stepanov", "Nikolaev", "Orlov", "Andreev",
			"Makarov", "Nikitin", "Zakharov", "Zaitsev", "Solovyov", "Borisov", "Romanov",
			"Belov",
		},
		FemaleLast: []string{
			"Ivanova", "Smirnova", "Kuznetsova", "Popova", "Vasilieva", "Petrova", "Sokolova",
			"Mikhailova", "Novikova", "Fedorova", "Morozova", "Volkova", "Alekseeva",
			"Lebedeva", "Semenova", "Egorova", "Pavlova", "Kozlova", "Stepanova", "Nikolaeva",
			"Orlova", "Andreeva", "Makarova", "Nikitina", "Zakharova", "Zaitseva",
			"Solovyova", "Borisova", "Romanova", "Belova",
		},
		Weight: 10,
	},
	{
		Code:         "ti",
		MotherTongue: "ti",
		Citizenships: []string{"ER", "ET"},
		BirthPlaces: []string{
			"Asmara", "Keren", "Massawa", "Mendefera", "Adi Keyh", "Dekemhare", "Barentu",
			"Adi Quala", "Mekelle", "Adigrat",
		},
		MaleFirst: []string{
			"Yonas", "Dawit", "Daniel", "Samuel", "Mehari", "Tesfay", "Tesfaye", "Tekle",
			"Berhane", "Habtom", "Kidane", "Filmon", "Aman", "Biniam", "Yohannes", "Haile",
			"Goitom", "Hagos", "Yemane", "Natnael", "Efrem", "Michael", "Robel", "Semere",
			"Tsegay", "Ghirmay", "Girmay", "Abraham", "Kibrom", "Amanuel", "Merhawi", "Eyob",
		},
		FemaleFirst: []string{
			"Helen", "Selam", "Saba", "Senait", "Mebrat", "Lidia", "Hiwet", "Tsega", "Rahwa",
			"Yordanos", "Winta", "Feven", "Luwam", "Eden", "Mihret", "Ruta", "Semhar",
			"Nardos", "Freweyni", "Abrehet", "Tirhas", "Akberet", "Elsa", "Hanna", "Almaz",
			"Ariam", "Segen", "Ksanet", "Meron", "Yohana",
		},
		Last: []string{
			"Tesfay", "Tesfamariam", "Ghebremedhin", "Ghebreyesus", "Gebremichael", "Haile",
			"Habte", "Kidane", "Tekle", "Berhe", "Woldu", "Mehari", "Yemane", "Gebru", "Hagos",
			"Asmelash", "Tewelde", "Zerai", "Abraha", "Andemariam", "Mesfin", "Negash",
			"Okbazghi", "Russom", "Solomon", "Teklehaimanot", "Weldemichael", "Yohannes",
			"Fitsum", "Tsegai",
		},
		Weight: 4,
	},
	{
		Code:         "vi",
		MotherTongue: "vi",
		Citizenships: []string{"VN"},
		BirthPlaces: []string{
			"Hanoi", "Ho Chi Minh City", "Hai Phong", "Da Nang", "Hue", "Can Tho",
			"Nha Trang", "Vinh", "Nam Dinh", "Quy Nhon",
		},
		MaleFirst: []string{
			"Minh", "Anh", "Duc", "Đức", "Hung", "Tuan", "Nam", "Long", "Quang", "Thanh",
			"Huy", "Khoa", "Phuc", "Dung", "Hieu", "Trung", "Hai", "Son", "Binh", "Cuong",
			"Dat", "Thang", "Vinh", "Khanh", "Phong", "Tai", "Kien", "Loc", "Bao", "Hoang",
		},
		FemaleFirst: []string{
			"Linh", "Lan", "Huong", "Hương", "Hoa", "Mai", "Ngoc", "Thao", "Trang", "Thu",
			"Ha", "Nga", "Hanh", "Phuong", "Hien", "Yen", "Nhung", "Thuy", "Quynh", "Vy",
			"Trinh", "My", "Tuyet", "Hang", "Oanh", "Giang", "Nhi", "Chau", "Uyen", "Xuan",
		},
		Last: []string{
			"Nguyen", "Nguyễn", "Tran", "Trần", "Le", "Lê", "Pham", "Hoang", "Huynh", "Phan",
			"Vu", "Vo", "Dang", "Bui", "Do", "Ho", "Ngo", "Duong", "Ly", "Dinh", "Truong",
			"Lam", "Mai", "Trinh", "Dao", "Cao", "Luong", "Ta", "Ha", "Luu",
		},
		Weight: 5,
	},
	{
		Code:         "th",
		MotherTongue: "th",
		Citizenships: []string{"TH"},
		BirthPlaces: []string{
			"Bangkok", "Chiang Mai", "Udon Thani", "Khon Kaen", "Nakhon Ratchasima",
			"Ubon Ratchathani", "Pattaya", "Phuket", "Hat Yai", "Surin", "Sakon Nakhon",
		},
		MaleFirst: []string{
			"Somchai", "Somsak", "Prasert", "Anan", "Chaiwat", "Kittisak", "Niran", "Wichai",
			"Surachai", "Thanakorn", "Nattapong", "Pongsak", "Sakchai", "Apichat", "Wirat",
			"Sompong", "Kriangkrai", "Thawatchai", "Chatchai", "Narong", "Arthit", "Sarawut",
			"Suriya", "Weerapong", "Teerasak", "Manop", "Kasem", "Chakrit",
		},
		FemaleFirst: []string{
			"Somying", "Malee", "Siriporn", "Sukanya", "Pranee", "Wanida", "Kanya", "Ploy",
			"Lamai", "Porntip", "Ratana", "Supaporn", "Nittaya", "Kannika", "Jintana",
			"Achara", "Busaba", "Chanida", "Duangjai", "Jiraporn", "Kanokwan", "Naree",
			"Orathai", "Patcharee", "Rattana", "Saowalak", "Wilai", "Yupin", "Suda", "Pensri",
		},
		Last: []string{
			"Saetang", "Saelim", "Saeheng", "Srisuk", "Sukjai", "Wongsa", "Boonmee",
			"Boonyarat", "Kaewkhao", "Kaewmanee", "Thongdee", "Thongchai", "Srisawat",
			"Rattanakorn", "Phromma", "Intharak", "Sombat", "Jaidee", "Meesuk", "Suwannarat",
			"Charoensuk", "Chaiyasit", "Wongsawat", "Siriwat", "Pongpanich", "Sangthong",
			"Kongkaew", "Ruangsri", "Chaiyaphum", "Phongsri",
		},
		Weight: 5,
	},
	{
		Code:         "en",
		MotherTongue: "en",
		Citizenships: []string{"US", "GB", "IE", "CA", "AU"},
		BirthPlaces: []string{
			"New York", "Chicago", "Houston", "Seattle", "London", "Manchester", "Leeds",
			"Dublin", "Cork", "Toronto", "Vancouver", "Sydney", "Melbourne",
		},
		MaleFirst: []string{
			"James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph",
			"Thomas", "Daniel", "Matthew", "Christopher", "Andrew", "Mark", "Paul", "Steven",
			"Kevin", "Brian", "George", "Edward", "Jonathan", "Ryan", "Jacob", "Benjamin",
			"Samuel", "Patrick", "Peter", "Alexander", "Oliver", "Harry",
		},
		FemaleFirst: []string{
			"Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan",
			"Jessica", "Sarah", "Sara", "Karen", "Emily", "Emma", "Olivia", "Sophie", "Rachel",
			"Laura", "Hannah", "Rebecca", "Amy", "Catherine", "Katherine", "Charlotte",
			"Grace", "Lucy", "Anna", "Jane", "Helen", "Megan", "Claire",
		},
		Last: []string{
			"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
			"Taylor", "Anderson", "Thomas", "Moore", "Martin", "Jackson", "White", "Harris",
			"Clark", "Lewis", "Robinson", "Walker", "Hall", "Young", "Allen", "King", "Wright",
			"Scott", "Green", "Baker", "Evans", "Roberts",
		},
		Weight: 5,
	},
	{
		Code:         "et",
		MotherTongue: "et",
		Citizenships: []string{"EE"},
		BirthPlaces: []string{
			"Tallinn", "Tartu", "Narva", "Pärnu", "Kohtla-Järve", "Viljandi", "Rakvere",
			"Haapsalu", "Kuressaare", "Võru",
		},
		MaleFirst: []string{
			"Jaan", "Andres", "Tiit", "Toomas", "Mart", "Rein", "Peeter", "Priit", "Marko",
			"Margus", "Indrek", "Tarmo", "Urmas", "Aivar", "Kristjan", "Rasmus", "Siim",
			"Martin", "Kalev", "Ain", "Raivo", "Tõnu", "Jüri", "Madis", "Kaspar", "Oliver",
			"Karl", "Mihkel", "Hendrik", "Sander",
		},
		FemaleFirst: []string{
			"Mari", "Kadri", "Kristiina", "Tiina", "Anu", "Liis", "Triin", "Katrin", "Kati",
			"Maarja", "Piret", "Kairi", "Helen", "Merike", "Eha", "Ülle", "Sirje", "Reet",
			"Kersti", "Laura", "Anneli", "Marje", "Pille", "Eve", "Tuuli", "Elisabeth",
			"Karin", "Hele", "Grete", "Liina",
		},
		Last: []string{
			"Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Kuusik", "Pärn",
			"Koppel", "Lepik", "Kuusk", "Karu", "Luik", "Kaasik", "Vaher", "Kangur", "Lepp",
			"Mets", "Raudsepp", "Kivi", "Laur", "Ots", "Teder", "Põder", "Kõiv", "Jõgi",
			"Toom", "Lill", "Org",
		},
		Weight: 7,
	},
}

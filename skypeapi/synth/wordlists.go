package synth

// englishWords are common chat words, roughly in descending frequency.
// Contractions and symbols are kept raw; bodies carry their escaped forms.
var englishWords = []string{
	"the", "i", "you", "to", "a", "and", "it", "is", "that", "of",
	"in", "for", "on", "we", "this", "have", "be", "me", "just", "so",
	"my", "not", "do", "but", "can", "with", "are", "what", "was", "it's",
	"I'm", "at", "if", "no", "yes", "ok", "all", "get", "know", "will",
	"like", "your", "don't", "up", "there", "they", "he", "she", "go", "now",
	"think", "one", "out", "about", "how", "time", "good", "when", "then", "would",
	"see", "from", "or", "an", "can't", "got", "too", "also", "need", "want",
	"going", "today", "tomorrow", "here", "thanks", "yeah", "well", "lol", "right", "sure",
	"still", "make", "work", "let", "back", "really", "did", "has", "more", "been",
	"call", "them", "some", "had", "look", "come", "where", "could", "why", "which",
	"who", "new", "way", "first", "day", "much", "any", "because", "only", "maybe",
	"said", "should", "very", "after", "over", "take", "our", "us", "last", "before",
	"say", "home", "next", "tonight", "later", "morning", "night", "week", "weekend", "meeting",
	"phone", "email", "send", "sent", "file", "link", "check", "problem", "fine", "great",
	"nice", "cool", "sorry", "please", "help", "thing", "things", "people", "guys", "hey",
	"hi", "hello", "bye", "haha", "yep", "nope", "I'll", "that's", "didn't", "isn't",
	"let's", "you're", "we're", "doesn't", "won't", "wait", "wow", "oh", "hmm", "btw",
	"brb", "omg", "idk", "asap", "ping", "online", "offline", "skype", "video", "chat",
	"message", "picture", "photo", "photos", "party", "dinner", "lunch", "coffee", "beer", "food",
	"car", "train", "bus", "flight", "airport", "hotel", "trip", "holiday", "vacation", "office",
	"project", "release", "build", "server", "bug", "fix", "test", "code", "deploy", "review",
	"deadline", "client", "boss", "team", "money", "price", "buy", "pay", "shop", "store",
	"city", "house", "room", "kids", "mom", "dad", "family", "friend", "friends", "birthday",
	"happy", "love", "miss", "funny", "crazy", "tired", "sick", "busy", "late", "early",
	"soon", "again", "never", "always", "sometimes", "already", "yet", "almost", "probably", "actually",
	"something", "anything", "nothing", "everything", "someone", "everyone", "idea", "question", "answer", "plan",
	"start", "stop", "finish", "done", "ready", "open", "close", "read", "write", "watch",
	"play", "game", "match", "score", "win", "lost", "hockey", "weather", "rain", "snow",
	"sun", "cold", "hot", "warm", "outside", "inside", "left", "walk", "run", "drive",
	"park", "street", "station", "ticket", "tickets", "book", "movie", "music", "song", "concert",
	"show", "news", "story", "internet", "wifi", "laptop", "computer", "update", "install", "password",
	"account", "login", "error", "crash", "works", "working", "broken", "issue", "incident", "support",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "june", "december",
	"hour", "hours", "minutes", "minute", "seconds", "year", "years", "month", "months", "days",
	"big", "small", "long", "short", "old", "young", "easy", "hard", "fast", "slow",
	"better", "best", "worse", "worst", "same", "different", "other", "another", "each", "every",
	"many", "few", "lots", "little", "enough", "amazing", "awesome", "perfect", "exactly", "definitely",
	"okay", "alright", "agreed", "true", "false", "fair", "reason", "honestly", "seriously", "anyway",
	"climbing", "gym", "hiking", "bike", "ski", "swim", "football", "tennis", "chess", "guitar",
	"berlin", "london", "paris", "tokyo", "moscow", "munich", "vienna", "zurich", "prague", "amsterdam",
	"bring", "brought", "meet", "met", "leave", "arrive", "arrived", "stay", "move", "moving",
	"remember", "forgot", "forget", "understand", "explain", "agree", "decide", "choose", "wonder", "hope",
	"wish", "feel", "feeling", "sleep", "wake", "eat", "drink", "cook", "clean", "wash",
	"pizza", "pasta", "salad", "cake", "bread", "cheese", "wine", "tea", "water", "chocolate",
	"document", "slides", "spreadsheet", "invoice", "contract", "budget", "report", "draft", "version", "feedback",
}

// specialWords exercise entity escaping and tokenizer edge cases.
var specialWords = []string{
	"&", "R&D", "Q&A", "AT&T", "<3", "->", "<-", ">_<", "5%", "10:30",
	"2x", "v2.0", "#1", "@home", "C++", "e-mail", "\"really\"", "x<y", "a&b", "100€",
}

// germanWords are German words, several with umlauts and ß.
var germanWords = []string{
	"und", "ich", "nicht", "das", "ist", "genau", "Straße", "schön", "Grüße", "über",
	"für", "möchte", "Mädchen", "Brötchen", "Käse", "Tschüss", "Feierabend", "Wochenende", "gemütlich", "Bahnhof",
	"Kühlschrank", "natürlich", "größer", "Frühstück", "vielleicht", "morgen", "heute", "danke", "bitte", "Geburtstag",
	"Besprechung", "Urlaub", "Wohnung", "Schlüssel", "Fußball", "Bäckerei", "Entschuldigung", "Glückwunsch", "klar", "doch",
}

// russianWords are Russian words in Cyrillic.
var russianWords = []string{
	"привет", "спасибо", "да", "нет", "хорошо", "сегодня", "завтра", "работа", "проект", "встреча",
	"конечно", "может", "пока", "вчера", "деньги", "дом", "время", "друг", "люблю", "понятно",
	"ладно", "сейчас", "потом", "вообще", "кстати", "ничего", "отлично", "очень", "тоже", "почему",
}

// japaneseWords are Japanese words in kana and kanji.
var japaneseWords = []string{
	"こんにちは", "ありがとう", "はい", "いいえ", "大丈夫", "お疲れ様です", "了解", "今日", "明日", "会議",
	"仕事", "電車", "ラーメン", "すごい", "たぶん", "東京", "週末", "写真", "よろしく", "おはよう",
	"すみません", "かわいい",
}

// emojiWords include multi-code-point sequences (ZWJ, flags, variation selectors).
var emojiWords = []string{
	"😀", "😂", "😊", "😍", "🙂", "😉", "😎", "😢", "😭", "😅",
	"🤔", "🙏", "👍", "👎", "👌", "🎉", "🔥", "❤️", "💯", "🚀",
	"☕", "🍺", "🍕", "⚽", "🧗", "🎂", "🐱", "🌞", "✅", "❌",
	"🤷‍♂️", "🇩🇪", "👩‍💻",
}

// stockReplies are short, pre-escaped whole-message bodies; they are the
// typical candidates for accidental double sends.
var stockReplies = []string{
	"ok", "ok", "ok", "k", "okay", "yes", "yeah", "no", "lol", "lol",
	"+1", "+1", "haha", "hahaha", "thanks", "thanks!", "thx", "sure", "np", "yep",
	"nope", "cool", "nice", "?", "!", "ok, thanks", "I&apos;ll check", "brb", "gn", "ja",
	"danke", "да", "ок", "спасибо", "はい", "👍", "😂", "&lt;3", "omw",
	`<ss type="smile">:)</ss>`, `<ss type="laugh">:D</ss>`, `ok <ss type="smile">:)</ss>`, `<ss type="yes">(y)</ss>`,
}

// emoticons are Skype emoticon types with their (escaped) shortcut text.
var emoticons = [][2]string{
	{"smile", ":)"}, {"smile", ":)"}, {"smile", ":)"}, {"sad", ":("}, {"laugh", ":D"},
	{"laugh", ":D"}, {"wink", ";)"}, {"tongueout", ":P"}, {"cool", "(cool)"}, {"heart", "(heart)"},
	{"heart", "&lt;3"}, {"cry", ";("}, {"surprised", ":O"}, {"facepalm", "(facepalm)"}, {"yes", "(y)"},
	{"rofl", "(rofl)"}, {"beer", "(beer)"}, {"coffee", "(coffee)"},
}

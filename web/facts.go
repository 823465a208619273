package web

// Fact is one line of a summary at the top of a page (the employer profile's
// "in short"): a label, its value in words, an optional link to the section
// that explains it, and a tone. The tone adds colour and an icon; the words
// alone must carry the meaning, as colour is never the only signal.
type Fact struct {
	Label string
	Value string
	Href  string // e.g. "#bezoeken"; empty for none
	Tone  string // ToneGood, ToneWarn or "" (neutral)
}

// Tones of a Fact.
const (
	ToneGood = "goed"
	ToneWarn = "let-op"
)

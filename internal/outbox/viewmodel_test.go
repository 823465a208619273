package outbox

import (
	"reflect"
	"testing"
)

func TestSegmentsMakeLinksOfWebAddressesOnly(t *testing.T) {
	got := segments("Uw link: https://portaal.example.org/intake/abc.\nOf mail naar x@example.org (zie http://a.nl/b).\n\n")
	want := []segment{
		{Text: "Uw link: "},
		{Text: "https://portaal.example.org/intake/abc", URL: "https://portaal.example.org/intake/abc"},
		{Text: ".\nOf mail naar x@example.org (zie "},
		{Text: "http://a.nl/b", URL: "http://a.nl/b"},
		{Text: ")."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v", got)
	}
	if got := segments("javascript:alert(1) en ftp://x.nl"); len(got) != 1 || got[0].URL != "" {
		t.Errorf("non-web links: %#v", got)
	}
}

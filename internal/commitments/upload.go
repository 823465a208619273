package commitments

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"netwerkportaal/internal/platform/apperr"
	"netwerkportaal/internal/platform/server"
	"netwerkportaal/web"
)

// MaxDocumentBytes is the largest signed document the portal keeps (the
// column allows no more).
const MaxDocumentBytes = 10 << 20

// UploadBodyBytes is the body limit of the forms with a document. It is
// well above the document's own limit on purpose: a scan of 20 MB is read
// to its end (only the first 10 MB are kept in memory, the rest is
// discarded), so the browser gets the form back with a message instead of
// a connection closed in the middle of its upload. A larger body stops the
// reading, and the form says the same.
const UploadBodyBytes = 3 * MaxDocumentBytes

// Limits on the text parts of an upload, which the global body limit no
// longer bounds.
const (
	maxTextPart = 64 << 10
	maxParts    = 100
)

// What can be wrong with a chosen file.
const (
	uploadTooLarge = "te_groot"
	uploadEmpty    = "leeg"
	uploadNotPDF   = "geen_pdf"
)

// posted is a posted commitment form: its text fields, the checked PDF,
// and whether a file was chosen and what was wrong with it.
type posted struct {
	values    url.Values
	upload    *Upload
	chosen    bool
	uploadErr string
}

// readPost reads a form posted as multipart/form-data (with a document)
// or url-encoded (without). The file part comes last in the form, so when
// an oversized document stops the reading, the other fields are in.
func readPost(r *http.Request) (posted, error) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		// The commitment form shows the input gate's problems by field.
		err := server.ParseForm(r)
		return posted{values: r.PostForm}, err
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return posted{}, apperr.Wrap(apperr.BadRequest, err, "")
	}
	p := posted{values: url.Values{}}
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		switch {
		case errors.Is(err, io.EOF):
			// The router's input gate does not read multipart bodies
			// (they may be larger than its limit): the same checks here.
			return p, web.CheckValues(r, p.values)
		case tooLarge(err):
			p.chosen, p.uploadErr, p.upload = true, uploadTooLarge, nil
			return p, nil
		case err != nil:
			return p, apperr.Wrap(apperr.BadRequest, err, "")
		case n >= maxParts:
			return p, apperr.New(apperr.BadRequest, "")
		}
		if part.FormName() == "document" {
			err = p.readDocument(part)
		} else {
			err = p.readText(part.FormName(), part)
		}
		if tooLarge(err) {
			p.chosen, p.uploadErr, p.upload = true, uploadTooLarge, nil
			return p, nil
		}
		if err != nil {
			return p, err
		}
	}
}

func tooLarge(err error) bool {
	var maxErr *http.MaxBytesError
	return errors.As(err, &maxErr)
}

func (p *posted) readText(name string, part io.Reader) error {
	b, err := io.ReadAll(io.LimitReader(part, maxTextPart+1))
	if err != nil {
		return err
	}
	if len(b) > maxTextPart {
		return apperr.New(apperr.TooLarge, "")
	}
	p.values.Add(name, strings.ToValidUTF8(string(b), "\uFFFD"))
	return nil
}

// readDocument checks the chosen file by its size and its content: a PDF
// starts with "%PDF-", whatever the browser says its type is.
func (p *posted) readDocument(part interface {
	io.Reader
	FileName() string
}) error {
	b, err := io.ReadAll(io.LimitReader(part, MaxDocumentBytes+1))
	if err != nil {
		return err
	}
	if part.FileName() == "" && len(b) == 0 {
		return nil // no file chosen
	}
	p.chosen, p.upload, p.uploadErr = true, nil, ""
	switch {
	case len(b) > MaxDocumentBytes:
		p.uploadErr = uploadTooLarge
	case len(b) == 0:
		p.uploadErr = uploadEmpty
	case !bytes.HasPrefix(b, []byte("%PDF-")):
		p.uploadErr = uploadNotPDF
	default:
		p.upload = &Upload{Name: safeName(part.FileName()), Data: b}
	}
	return nil
}

// safeName keeps letters, digits and a few marks of a file name, so it is
// safe in a header and on any disk, and always ends in .pdf.
func safeName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/")) // old browsers send the whole Windows path
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" -_.()", r):
			return r
		}
		return '_'
	}, name)
	base := strings.Trim(name, " ._")
	if strings.HasSuffix(strings.ToLower(base), ".pdf") {
		base = strings.TrimRight(base[:len(base)-4], " ._")
	}
	if utf8.RuneCountInString(base) > 100 {
		base = string([]rune(base)[:100])
	}
	if base == "" || base == "/" {
		base = "document"
	}
	return base + ".pdf"
}

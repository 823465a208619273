// Package apperr names the few kinds of failure the portal distinguishes, so
// that stores and handlers can say what went wrong and the server package can
// map each kind to an HTTP status and a friendly page in one place.
package apperr

import (
	"errors"
	"fmt"
)

// Kind is a class of failure.
type Kind int

const (
	Internal    Kind = iota // a bug or an outage: 500, logged
	NotFound                // 404; also what a user gets for records outside their networks
	Invalid                 // 422: input that fails validation
	Conflict                // 409: someone else changed the record first
	Forbidden               // 403: the role may not do this
	Unavailable             // 503: a dependency does not answer
	TooLarge                // 413: a request body over the limit
	BadRequest              // 400: a request the portal cannot read
	NotAllowed              // 405: a method the route does not offer
)

// Error carries a kind and a message that is safe to show to the user.
type Error struct {
	Kind    Kind
	Message string // Dutch, for the user; empty means the kind's default text
	Err     error  // the cause, for the log only
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind with a user-facing message.
func New(kind Kind, msg string) error { return &Error{Kind: kind, Message: msg} }

// Wrap returns an error of kind that keeps err as its cause.
func Wrap(kind Kind, err error, msg string) error { return &Error{Kind: kind, Message: msg, Err: err} }

// KindOf returns the kind of err; errors without one are Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// MessageOf returns the user-facing message of err, if it has one.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return ""
}

// Is reports whether err is of kind.
func Is(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }

var (
	ErrNotFound  = New(NotFound, "")
	ErrForbidden = New(Forbidden, "")
)

// Annotate prefixes *err, when there is one, with what failed and on which
// record, keeping errors.Is and errors.As (the kind, pgx.ErrNoRows) working.
// Stores defer it: defer apperr.Annotate(&err, "employers: load %d", id).
func Annotate(err *error, format string, args ...any) {
	if *err != nil {
		*err = fmt.Errorf(format+": %w", append(args, *err)...)
	}
}

package intake

// doneCount is how many answer steps are finished, for the compact progress
// line on a phone.
func (p StepPage) doneCount() int {
	n := 0
	for i := 1; i < StepSummary; i++ {
		if p.Intake.Done(i) {
			n++
		}
	}
	return n
}

package importer

import "strconv"

// PostcodeRange is a range of four-digit postcodes within one place,
// with the labour-market region the municipality belongs to. The ranges
// are reference data (table postcode_regions): they cover the postcodes of
// the main town or city of each of the 35 regions, not the whole country,
// so a postcode outside them leaves the region as it is.
type PostcodeRange struct {
	From, To int
	Place    string
	RegionID int64
}

// regionOfPostcode finds the region of a postcode as the portal stores it
// ("7511 AB").
func (ref Reference) regionOfPostcode(pc string) (int64, bool) {
	if len(pc) < 4 {
		return 0, false
	}
	n, err := strconv.Atoi(pc[:4])
	if err != nil {
		return 0, false
	}
	for _, r := range ref.Postcodes {
		if r.From <= n && n <= r.To {
			return r.RegionID, true
		}
	}
	return 0, false
}

// regionOfCity finds the region of a town that is one of the
// places of the table, by name.
func (ref Reference) regionOfCity(city string) (int64, bool) {
	n := normalize(city)
	if n == "" {
		return 0, false
	}
	for _, r := range ref.Postcodes {
		if normalize(r.Place) == n {
			return r.RegionID, true
		}
	}
	return 0, false
}

// deriveRegion fills the region of e from its postcode, else its town,
// when the file gives none: e.RegionDerived says so, and the plan then
// only fills a region the employer does not have yet.
func (ref Reference) deriveRegion(e *EmployerValues) {
	if e.RegionID != 0 {
		return
	}
	id, ok := ref.regionOfPostcode(e.Postcode)
	if !ok {
		id, ok = ref.regionOfCity(e.City)
	}
	if ok {
		e.RegionID, e.RegionDerived = id, true
	}
}

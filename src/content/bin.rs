//! Kazakhstan BIN/IIN: twelve digits, the last a check digit computed with two weight
//! sequences (the second used when the first gives 10; a number whose second sum also gives
//! 10 is never issued).

/// Checks a BIN or IIN; the error says what is wrong.
pub fn validate(bin: &str) -> Result<(), String> {
    if bin.len() != 12 || !bin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{bin}` is not 12 digits (a BIN/IIN has exactly 12 digits, no spaces)"
        ));
    }
    let digits: Vec<u32> = bin.bytes().map(|b| u32::from(b - b'0')).collect();
    match check_digit(&digits[..11]) {
        Some(expected) if expected == digits[11] => Ok(()),
        Some(expected) => Err(format!(
            "`{bin}` has a wrong check digit: the last digit should be {expected}, not {}",
            digits[11]
        )),
        None => Err(format!(
            "`{bin}` cannot be a BIN: no check digit exists for its first 11 digits"
        )),
    }
}

fn check_digit(first11: &[u32]) -> Option<u32> {
    let weighted =
        |weights: [u32; 11]| first11.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11;
    match weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) {
        10 => match weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) {
            10 => None,
            d => Some(d),
        },
        d => Some(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_real_shape_bin_and_rejects_a_wrong_check_digit() {
        assert!(validate("180640028978").is_ok());
        let err = validate("180640028979").unwrap_err();
        assert!(err.contains("should be 8"), "{err}");
        assert!(validate("18064002897").is_err());
        assert!(validate("1806400289 8").is_err());
    }
}

//! Pictures people upload: the type read from the bytes (JPEG, PNG or
//! WebP; SVG and everything else refused), the size bounded before any
//! pixel is decoded, and the picture decoded and encoded again as JPEG, so
//! nothing of an upload (no hidden payload, no EXIF location) is ever
//! served as sent. Chat photos and the studio's banner pictures come here.
//!
//! Banner variants are JPEG: the `image` crate writes WebP only losslessly
//! (larger than JPEG for photographs), and an AVIF encoder (rav1e) would add
//! minutes to a two-core build and seconds to every upload.

use image::{DynamicImage, ImageFormat, ImageReader};
use sha2::{Digest, Sha256};

/// Why an upload is not a picture we keep.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a JPEG, PNG or WebP by its bytes, or it does not decode.
    NotAPicture,
    /// More pixels than `MAX_PIXELS` (a "decompression bomb" included).
    TooManyPixels,
    /// Narrower than the smallest variant a banner needs.
    TooNarrow,
}

/// The most pixels a picture may have (40 megapixels).
pub const MAX_PIXELS: u64 = 40_000_000;

/// Decodes a JPEG, PNG or WebP, sniffed from its bytes, after checking the
/// size its header announces.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, Refusal> {
    let format = image::guess_format(bytes).map_err(|_| Refusal::NotAPicture)?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) {
        return Err(Refusal::NotAPicture);
    }
    let reader = || ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let (width, height) = reader().into_dimensions().map_err(|_| Refusal::NotAPicture)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refusal::TooManyPixels);
    }
    let mut reader = reader();
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map_err(|_| Refusal::NotAPicture)
}

/// The picture as a baseline JPEG at `quality`.
pub fn jpeg(picture: &DynamicImage, quality: u8) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    picture.to_rgb8().write_with_encoder(encoder).ok()?;
    Some(out)
}

/// A chat photo: at most 1600 px on its longer side, JPEG.
pub fn chat_photo(bytes: &[u8]) -> Option<Vec<u8>> {
    let picture = decode(bytes).ok()?;
    let picture = if picture.width() > 1600 || picture.height() > 1600 {
        picture.resize(1600, 1600, image::imageops::FilterType::Triangle)
    } else {
        picture
    };
    jpeg(&picture, 82)
}

/// The widths a banner picture is served at (`srcset`).
pub const BANNER_WIDTHS: [u32; 3] = [480, 960, 1600];

/// A banner picture made ready: its key (the first 16 hex digits of the
/// upload's SHA-256, so the same file is the same picture), its size, and
/// one JPEG per width it can fill.
pub struct BannerVariants {
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub files: Vec<(u32, Vec<u8>)>,
}

pub fn banner_variants(bytes: &[u8]) -> Result<BannerVariants, Refusal> {
    let picture = decode(bytes)?;
    let (width, height) = (picture.width(), picture.height());
    if width < BANNER_WIDTHS[0] {
        return Err(Refusal::TooNarrow);
    }
    let mut files = Vec::new();
    for w in BANNER_WIDTHS.into_iter().filter(|w| *w <= width) {
        let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width)).max(1) as u32;
        let resized = picture.resize_exact(w, h, image::imageops::FilterType::CatmullRom);
        files.push((w, jpeg(&resized, 78).ok_or(Refusal::NotAPicture)?));
    }
    let key = app::platform::to_hex(&Sha256::digest(bytes))[..16].to_string();
    Ok(BannerVariants { key, width, height, files })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_banner_picture_gets_the_variants_it_can_fill_as_jpeg() {
        let made = banner_variants(&png(1200, 500)).unwrap();
        assert_eq!(made.files.iter().map(|(w, _)| *w).collect::<Vec<_>>(), [480, 960]);
        for (w, bytes) in &made.files {
            assert_eq!(image::guess_format(bytes).unwrap(), ImageFormat::Jpeg);
            let back = image::load_from_memory(bytes).unwrap();
            assert_eq!((back.width(), back.height()), (*w, (500 * w + 600) / 1200));
        }
        assert_eq!(made.key.len(), 16);
        assert_eq!(banner_variants(&png(300, 300)).err(), Some(Refusal::TooNarrow));
    }

    /// PNG's chunk checksum (CRC-32, polynomial 0xEDB88320).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn svg_html_and_bombs_are_refused_before_decoding() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert_eq!(decode(svg).err(), Some(Refusal::NotAPicture));
        assert_eq!(decode(b"<html><body>hi</body></html>").err(), Some(Refusal::NotAPicture));
        // A PNG whose header announces 50,000 x 50,000 pixels (its header's
        // checksum made right), with one pixel of data.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&50_000u32.to_be_bytes());
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(decode(&bomb).err(), Some(Refusal::TooManyPixels));
    }
}

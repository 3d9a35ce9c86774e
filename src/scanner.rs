//! QR decoding for the checkpoint scanner, in the wasm: a camera frame or a photo arrives as
//! RGBA bytes from a canvas, becomes luma, and rqrr finds and reads the code.

/// Frames are scaled so their longer side is at most this many pixels before decoding: a
/// phone's QR fills a good part of the view, and decoding time grows with the pixel count.
pub const MAX_FRAME_SIDE: u32 = 640;
/// A photo is tried larger first: its code may be a small part of a 12-megapixel picture.
pub const MAX_PHOTO_SIDE: u32 = 1600;

/// The size a `width`×`height` image is drawn at for decoding, at most `max_side` on its
/// longer side.
pub fn decode_size(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let longer = width.max(height);
    if longer <= max_side || longer == 0 {
        return (width, height);
    }
    let scale = f64::from(max_side) / f64::from(longer);
    (
        ((f64::from(width) * scale).round() as u32).max(1),
        ((f64::from(height) * scale).round() as u32).max(1),
    )
}

/// Luma (ITU-R BT.601, integer weights) of RGBA pixels.
pub fn rgba_to_luma(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8)
        .collect()
}

/// The text of the first readable QR code in a `width`×`height` luma image.
pub fn decode_luma(width: usize, height: usize, luma: &[u8]) -> Option<String> {
    if width == 0 || height == 0 || luma.len() < width * height {
        return None;
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// [`decode_luma`] of an RGBA image (a canvas's `ImageData`).
pub fn decode_rgba(width: usize, height: usize, rgba: &[u8]) -> Option<String> {
    decode_luma(width, height, &rgba_to_luma(rgba))
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::{Color, QrCode};

    /// Renders `text` as a QR code, `scale` pixels a module, with a quiet zone, on a larger
    /// grey "scene" as a camera would see it.
    fn scene(text: &str, scale: usize) -> (usize, usize, Vec<u8>) {
        let code = QrCode::new(text.as_bytes()).unwrap();
        let modules = code.width();
        let colors = code.to_colors();
        let (w, h) = (640, 480);
        let mut luma = vec![128u8; w * h];
        let side = (modules + 8) * scale;
        let (ox, oy) = ((w - side) / 2, (h - side) / 2);
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / scale) as isize - 4, (y / scale) as isize - 4);
                let dark = mx >= 0
                    && my >= 0
                    && (mx as usize) < modules
                    && (my as usize) < modules
                    && colors[my as usize * modules + mx as usize] == Color::Dark;
                luma[(oy + y) * w + ox + x] = if dark { 20 } else { 235 };
            }
        }
        (w, h, luma)
    }

    #[test]
    fn a_health_code_token_on_a_camera_frame_decodes_to_its_text() {
        let token = "HC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDE$VK G2EC6QHQ3P5:W9Y.W2";
        let (w, h, luma) = scene(token, 4);
        assert_eq!(decode_luma(w, h, &luma).as_deref(), Some(token));
    }

    #[test]
    fn a_frame_without_a_code_decodes_to_nothing() {
        let luma = vec![128u8; 320 * 240];
        assert_eq!(decode_luma(320, 240, &luma), None);
        assert_eq!(decode_luma(0, 0, &[]), None);
        assert_eq!(decode_luma(10, 10, &[0; 5]), None, "short buffer");
    }

    #[test]
    fn rgba_becomes_luma_by_the_bt601_weights() {
        assert_eq!(
            rgba_to_luma(&[255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255]),
            vec![255, 0, 76]
        );
    }

    #[test]
    fn large_frames_are_scaled_to_their_limit_on_the_longer_side() {
        assert_eq!(decode_size(1920, 1080, MAX_FRAME_SIDE), (640, 360));
        assert_eq!(decode_size(1080, 1920, MAX_FRAME_SIDE), (360, 640));
        assert_eq!(decode_size(640, 480, MAX_FRAME_SIDE), (640, 480));
        assert_eq!(decode_size(0, 0, MAX_FRAME_SIDE), (0, 0));
        assert_eq!(decode_size(4000, 3000, MAX_PHOTO_SIDE), (1600, 1200));
    }
}

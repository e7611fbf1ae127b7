//! Checks a PDF's compressed streams before the parser sees them. A PDF
//! parser inflates a stream whole when it needs it, trusting nothing but
//! the data: a few kilobytes can claim gigabytes (a decompression bomb),
//! and a filter chain can multiply that. Here every Flate stream is
//! inflated into nothing, counting, under a cap per stream and for the
//! whole file, so the memory the parser will use is bounded by what this
//! check has seen.

use crate::PdfError;
use flate2::read::{DeflateDecoder, ZlibDecoder};
use std::io::{self, Read};

/// One stream, inflated: page contents of a report are a few hundred KB,
/// embedded fonts a few MB.
const MAX_STREAM: u64 = 32 * 1024 * 1024;
/// Every stream of the file together.
const MAX_TOTAL: u64 = 256 * 1024 * 1024;
/// How far before `stream` its dictionary may start.
const MAX_DICT: usize = 8 * 1024;

pub fn check(bytes: &[u8]) -> Result<(), PdfError> {
    let mut total = 0u64;
    let ends = memchr::memmem::Finder::new(b"endstream");
    for at in memchr::memmem::find_iter(bytes, b"stream") {
        // `endstream` contains `stream`.
        if at >= 3 && &bytes[at - 3..at] == b"end" {
            continue;
        }
        let after = at + b"stream".len();
        let data = match bytes.get(after..after + 2) {
            Some(b"\r\n") => after + 2,
            Some([b'\n', _]) | Some([b'\r', _]) => after + 1,
            _ => continue,
        };
        let window = &bytes[at.saturating_sub(MAX_DICT)..at];
        let dict = match memchr::memmem::rfind(window, b"obj") {
            Some(i) => &window[i..],
            None => window,
        };
        let flates = memchr::memmem::find_iter(dict, b"/FlateDecode").count();
        if flates == 0 {
            continue;
        }
        let end = ends.find(&bytes[data..]).map_or(bytes.len(), |i| data + i);
        let inflated = inflated_size(&bytes[data..end], flates)?;
        total += inflated;
        if total > MAX_TOTAL {
            return Err(PdfError::TooLarge(format!(
                "压缩数据解压后超过 {} MB",
                MAX_TOTAL / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

/// How many bytes `data` inflates to through `layers` Flate filters, or an
/// error beyond [`MAX_STREAM`]. Data that is not valid Flate counts as
/// what it inflated to before the error: the parser will say the rest.
fn inflated_size(data: &[u8], layers: usize) -> Result<u64, PdfError> {
    let mut reader: Box<dyn Read + '_> = if data.starts_with(&[0x78]) {
        Box::new(ZlibDecoder::new(data))
    } else {
        Box::new(DeflateDecoder::new(data))
    };
    for _ in 1..layers.min(4) {
        reader = Box::new(ZlibDecoder::new(reader));
    }
    let mut counted = CountingSink(0);
    let _ = io::copy(&mut reader.take(MAX_STREAM + 1), &mut counted);
    if counted.0 > MAX_STREAM {
        return Err(PdfError::TooLarge(format!(
            "一个数据流解压后超过 {} MB（可能是压缩炸弹）",
            MAX_STREAM / (1024 * 1024)
        )));
    }
    Ok(counted.0)
}

struct CountingSink(u64);

impl io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut out = format!("1 0 obj\n{dict}\nstream\n").into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        out
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn counts_inflated_streams_and_refuses_bombs() {
        let page = stream(
            "<< /Length 10 /Filter /FlateDecode >>",
            &zlib(b"BT (a) Tj ET"),
        );
        assert!(check(&page).is_ok());
        let zeros = vec![0u8; 40 * 1024 * 1024];
        let bomb = stream("<< /Filter /FlateDecode >>", &zlib(&zeros));
        assert!(bomb.len() < 100 * 1024);
        assert!(matches!(check(&bomb), Err(PdfError::TooLarge(_))));
        // Two layers: small after the first, huge after the second.
        let twice = zlib(&zlib(&zeros));
        let chained = stream("<< /Filter [/FlateDecode /FlateDecode] >>", &twice);
        assert!(matches!(check(&chained), Err(PdfError::TooLarge(_))));
        // Not compressed, or not valid: left to the parser.
        assert!(check(&stream("<< /Length 3 >>", b"abc")).is_ok());
        assert!(check(&stream("<< /Filter /FlateDecode >>", b"not flate")).is_ok());
    }
}

/// Lookup of HTML named character references by name (without `&` and `;`).
enum HTMLEntities {
    /// name -> one or two Unicode scalars (a second scalar of 0 means none).
    static let table: [String: (UInt32, UInt32)] = {
        var table: [String: (UInt32, UInt32)] = [:]
        table.reserveCapacity(2200)
        for entry in htmlNamedEntityData.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            guard let eq = entry.firstIndex(of: "=") else { continue }
            let scalars = entry[entry.index(after: eq)...].split(separator: ",").compactMap { UInt32($0, radix: 16) }
            guard let first = scalars.first else { continue }
            table[String(entry[..<eq])] = (first, scalars.count > 1 ? scalars[1] : 0)
        }
        return table
    }()

    /// The scalar of a common single-scalar name packed little-endian into an integer (case-sensitive), or nil:
    /// a lookup that needs no String or hashing for the names feeds use most.
    @inline(__always) static func commonScalar(packed key: UInt64) -> UInt32? {
        switch key {
        case 0x7073626E: return 0xA0  // nbsp
        case 0x706D61: return 0x26  // amp
        case 0x746C: return 0x3C  // lt
        case 0x7467: return 0x3E  // gt
        case 0x746F7571: return 0x22  // quot
        case 0x736F7061: return 0x27  // apos
        case 0x6F75716472: return 0x201D  // rdquo
        case 0x6F7571646C: return 0x201C  // ldquo
        case 0x6F75717372: return 0x2019  // rsquo
        case 0x6F7571736C: return 0x2018  // lsquo
        case 0x687361646D: return 0x2014  // mdash
        case 0x687361646E: return 0x2013  // ndash
        case 0x70696C6C6568: return 0x2026  // hellip
        case 0x79706F63: return 0xA9  // copy
        case 0x676572: return 0xAE  // reg
        case 0x657475636165: return 0xE9  // eacute
        case 0x6C6C7562: return 0x2022  // bull
        case 0x746F6464696D: return 0xB7  // middot
        case 0x6564617274: return 0x2122  // trade
        case 0x6F727565: return 0x20AC  // euro
        default: return nil
        }
    }

    /// The scalars for `name`, including the five XML names.
    static func scalars(named name: String) -> (UInt32, UInt32)? {
        switch name {
        case "amp": return (38, 0)
        case "lt": return (60, 0)
        case "gt": return (62, 0)
        case "quot": return (34, 0)
        case "apos": return (39, 0)
        default: return table[name]
        }
    }
}

/// windows-1252's meaning for bytes 0x80-0x9F (0 where the code page leaves a hole).
let windows1252High: [UInt32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
]

/// The character a windows-1252 (or mislabelled latin-1) byte stands for.
@inline(__always) func windows1252Scalar(_ byte: UInt8) -> UInt32 {
    if byte >= 0x80 && byte < 0xA0 {
        let mapped = windows1252High[Int(byte - 0x80)]
        return mapped == 0 ? UInt32(byte) : mapped
    }
    return UInt32(byte)
}

/// Appends the UTF-8 encoding of `scalar` to `out`.
@inline(__always) func appendUTF8<Sink: ByteSink & ~Copyable>(_ scalar: UInt32, to out: inout Sink) {
    switch scalar {
    case 0..<0x80: out.append(UInt8(scalar))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | (scalar >> 6))); out.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | (scalar >> 12))); out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
        out.append(UInt8(0xF0 | (scalar >> 18))); out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F))); out.append(UInt8(0x80 | (scalar & 0x3F)))
    }
}

/// Appends a decimal numeric character reference `&#N;`.
@inline(__always) func appendNumericReference<Sink: ByteSink & ~Copyable>(_ scalar: UInt32, to out: inout Sink) {
    out.append(UInt8(ascii: "&")); out.append(UInt8(ascii: "#"))
    var divisor: UInt32 = 1
    while divisor <= scalar / 10 { divisor *= 10 }
    repeat { out.append(UInt8(48 + (scalar / divisor) % 10)); divisor /= 10 } while divisor > 0
    out.append(UInt8(ascii: ";"))
}

import Foundation

/// Where every byte of a ZIP archive of stored (uncompressed) entries goes, known before the
/// first byte is written: the entries' sizes are known up front (they are files), so the
/// archive can be streamed with its exact `Content-Length`, and the central directory is the
/// only part kept in memory (a few dozen bytes per entry). PDFs are compressed already, so
/// entries are stored, not deflated.
///
/// Each local header is complete (CRC-32 and sizes, no data descriptor): the caller computes
/// an entry's CRC before writing its header. That costs a first read of the file, but a reader
/// that streams an archive from its start cannot find the end of a stored entry whose size
/// is only in a trailing data descriptor (Java's `ZipInputStream` refuses such entries).
///
/// ZIP64 (APPNOTE 4.5.3): a size or offset that does not fit in 32 bits is written as
/// 0xFFFFFFFF and given in a ZIP64 extra field; the end records get a ZIP64 end of central
/// directory record and its locator when the directory's size, offset or entry count
/// overflows. `limit` is the first value that no longer fits — 0xFFFFFFFF, lowered only by
/// tests so that small files take the ZIP64 path.
package struct ZipLayout: Sendable {
    package struct Entry: Sendable {
        package let name: [UInt8]
        package let size: UInt64
        /// MS-DOS time and date of the entry (UTC).
        package let time: UInt16, date: UInt16
        /// Where the entry's local header starts.
        package let offset: UInt64
        /// The sizes are in a ZIP64 extra field (local header and central directory).
        package let zip64Sizes: Bool
        /// The local header's offset is in the central directory's ZIP64 extra field.
        package let zip64Offset: Bool

        package var localHeaderLength: UInt64 { 30 + UInt64(name.count) + (zip64Sizes ? 20 : 0) }
        package var centralExtraLength: Int {
            let fields = (zip64Sizes ? 2 : 0) + (zip64Offset ? 1 : 0)
            return fields == 0 ? 0 : 4 + 8 * fields
        }
        package var centralLength: UInt64 { 46 + UInt64(name.count) + UInt64(centralExtraLength) }
        package var versionNeeded: UInt16 { zip64Sizes || zip64Offset ? 45 : 20 }
    }

    package static let defaultLimit: UInt64 = 0xFFFF_FFFF

    package let entries: [Entry]
    package let centralDirectoryOffset: UInt64
    package let centralDirectorySize: UInt64
    /// The ZIP64 end of central directory record and locator precede the end record.
    package let zip64End: Bool
    package let limit: UInt64

    /// The whole archive's length in bytes.
    package var length: UInt64 { centralDirectoryOffset + centralDirectorySize + (zip64End ? 56 + 20 : 0) + 22 }

    package init(_ files: [(name: String, size: UInt64, modified: Date)], limit: UInt64 = Self.defaultLimit) {
        self.limit = limit
        var entries: [Entry] = []
        var offset: UInt64 = 0
        for file in files {
            let (time, date) = Self.dosTime(file.modified)
            let entry = Entry(name: Array(file.name.utf8), size: file.size, time: time, date: date, offset: offset,
                              zip64Sizes: file.size >= limit, zip64Offset: offset >= limit)
            entries.append(entry)
            offset += entry.localHeaderLength + entry.size
        }
        self.entries = entries
        centralDirectoryOffset = offset
        centralDirectorySize = entries.reduce(0) { $0 + $1.centralLength }
        zip64End = entries.count >= 0xFFFF || centralDirectoryOffset >= limit || centralDirectorySize >= limit
    }

    /// Entry `index`'s local file header; its data follows it.
    package func localHeader(_ index: Int, crc: UInt32) -> [UInt8] {
        let entry = entries[index]
        var out: [UInt8] = []
        out.reserveCapacity(Int(entry.localHeaderLength))
        out.le32(0x0403_4B50)
        out.le16(entry.versionNeeded)
        out.le16(0x0800)  // names are UTF-8
        out.le16(0)  // stored
        out.le16(entry.time)
        out.le16(entry.date)
        out.le32(crc)
        out.le32(entry.zip64Sizes ? 0xFFFF_FFFF : UInt32(entry.size))
        out.le32(entry.zip64Sizes ? 0xFFFF_FFFF : UInt32(entry.size))
        out.le16(UInt16(entry.name.count))
        out.le16(entry.zip64Sizes ? 20 : 0)
        out += entry.name
        if entry.zip64Sizes {
            // The local ZIP64 field holds both sizes, always (APPNOTE 4.5.3).
            out.le16(0x0001)
            out.le16(16)
            out.le64(entry.size)
            out.le64(entry.size)
        }
        return out
    }

    /// The central directory and the end records: everything after the last entry's data.
    package func trailer(crcs: [UInt32]) -> [UInt8] {
        precondition(crcs.count == entries.count)
        var out: [UInt8] = []
        out.reserveCapacity(Int(length - centralDirectoryOffset))
        for (entry, crc) in zip(entries, crcs) {
            out.le32(0x0201_4B50)
            out.le16(3 << 8 | 45)  // made by: Unix, ZIP 4.5
            out.le16(entry.versionNeeded)
            out.le16(0x0800)
            out.le16(0)
            out.le16(entry.time)
            out.le16(entry.date)
            out.le32(crc)
            out.le32(entry.zip64Sizes ? 0xFFFF_FFFF : UInt32(entry.size))
            out.le32(entry.zip64Sizes ? 0xFFFF_FFFF : UInt32(entry.size))
            out.le16(UInt16(entry.name.count))
            out.le16(UInt16(entry.centralExtraLength))
            out.le16(0)  // comment
            out.le16(0)  // disk
            out.le16(0)  // internal attributes
            out.le32(0o100644 << 16)  // a regular file, rw-r--r--
            out.le32(entry.zip64Offset ? 0xFFFF_FFFF : UInt32(entry.offset))
            out += entry.name
            if entry.centralExtraLength > 0 {
                // Only the fields written as 0xFFFFFFFF, in this order.
                out.le16(0x0001)
                out.le16(UInt16(entry.centralExtraLength - 4))
                if entry.zip64Sizes {
                    out.le64(entry.size)
                    out.le64(entry.size)
                }
                if entry.zip64Offset { out.le64(entry.offset) }
            }
        }
        let count = UInt64(entries.count)
        if zip64End {
            let recordOffset = centralDirectoryOffset + centralDirectorySize
            out.le32(0x0606_4B50)
            out.le64(44)  // the record's size after this field
            out.le16(3 << 8 | 45)
            out.le16(45)
            out.le32(0)  // this disk
            out.le32(0)  // the directory's disk
            out.le64(count)
            out.le64(count)
            out.le64(centralDirectorySize)
            out.le64(centralDirectoryOffset)
            // Locator.
            out.le32(0x0706_4B50)
            out.le32(0)
            out.le64(recordOffset)
            out.le32(1)  // disks
        }
        out.le32(0x0605_4B50)
        out.le16(0)
        out.le16(0)
        out.le16(count >= 0xFFFF ? 0xFFFF : UInt16(count))
        out.le16(count >= 0xFFFF ? 0xFFFF : UInt16(count))
        out.le32(centralDirectorySize >= limit ? 0xFFFF_FFFF : UInt32(centralDirectorySize))
        out.le32(centralDirectoryOffset >= limit ? 0xFFFF_FFFF : UInt32(centralDirectoryOffset))
        out.le16(0)
        return out
    }

    /// MS-DOS time and date in UTC, clamped to what they can hold (1980–2107).
    package static func dosTime(_ date: Date) -> (time: UInt16, date: UInt16) {
        var seconds = time_t(max(315_532_800, min(date.timeIntervalSince1970, 4_354_819_199)))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let time = UInt16(parts.tm_hour) << 11 | UInt16(parts.tm_min) << 5 | UInt16(parts.tm_sec / 2)
        let day = UInt16(parts.tm_year + 1900 - 1980) << 9 | UInt16(parts.tm_mon + 1) << 5 | UInt16(parts.tm_mday)
        return (time, day)
    }
}

private extension [UInt8] {
    package mutating func le16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    package mutating func le32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    package mutating func le64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}

/// CRC-32 (ISO 3309, as ZIP and gzip use it), eight bytes per step ("slicing by 8"): about
/// 1–2 GB/s in a release build, against a few hundred MB/s a byte at a time.
package struct CRC32: Sendable {
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
            tables[index] = value
        }
        for table in 1..<8 {
            for index in 0..<256 {
                let previous = tables[(table - 1) * 256 + index]
                tables[table * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    private var state: UInt32 = 0xFFFF_FFFF

    package init() {}

    package var checksum: UInt32 { state ^ 0xFFFF_FFFF }

    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = state
        Self.tables.withUnsafeBufferPointer { table in
            var index = 0
            let count = bytes.count
            while index + 8 <= count {
                let one = bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self).littleEndian ^ crc
                let two = bytes.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self).littleEndian
                crc = table[7 * 256 + Int(one & 0xFF)] ^ table[6 * 256 + Int((one >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((one >> 16) & 0xFF)] ^ table[4 * 256 + Int(one >> 24)]
                    ^ table[3 * 256 + Int(two & 0xFF)] ^ table[2 * 256 + Int((two >> 8) & 0xFF)]
                    ^ table[256 + Int((two >> 16) & 0xFF)] ^ table[Int(two >> 24)]
                index += 8
            }
            while index < count {
                crc = table[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        state = crc
    }

    package static func checksum(_ bytes: some ContiguousBytes) -> UInt32 {
        var crc = CRC32()
        bytes.withUnsafeBytes { crc.update($0) }
        return crc.checksum
    }
}

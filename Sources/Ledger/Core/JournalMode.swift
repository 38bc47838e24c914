import CSQLite

/// How SQLite keeps a transaction's undo or redo record: WAL on a local disk, DELETE on a network
/// filesystem, where WAL's shared-memory index cannot be shared between hosts (sqlite.org/wal.html).
public enum JournalMode: String, Sendable {
    case wal = "WAL"
    case delete = "DELETE"

    /// The mode for a ledger at `path`, and the network filesystem that chose DELETE, if any.
    public static func forLedger(at path: String) -> (mode: JournalMode, networkFilesystem: String?) {
        guard let name = NetworkFilesystem.name(at: path) else { return (.wal, nil) }
        return (.delete, name)
    }
}

/// Recognises network and cluster filesystems by the `f_type` that `statfs` reports.
public enum NetworkFilesystem {
    /// Linux superblock magic numbers (`linux/magic.h` and the filesystems' own headers).
    static let names: [Int: String] = [
        0x6969: "nfs", 0x517B: "smb", 0xFF53_4D42: "cifs", 0xFE53_4D42: "smb2", 0x0BD0_0BD0: "lustre",
        0x00C3_6400: "ceph", 0x4750_4653: "gpfs", 0x5346_414F: "afs", 0x7375_7245: "coda", 0x0102_1997: "9p",
        0x7461_636F: "ocfs2", 0x0116_1970: "gfs2", 0xAAD7_AAEA: "panfs", 0x1983_0326: "beegfs",
        0x6B41_4653: "kafs",
    ]

    /// The filesystem's name when the magic number is a network one, else nil.
    public static func name(forMagic magic: Int) -> String? {
        // f_type is signed on some ABIs: 0xFF534D42 arrives as a negative 32-bit value.
        names[magic] ?? names[Int(UInt32(truncatingIfNeeded: magic))]
    }

    /// The network filesystem holding `path` (or, for a file not made yet, its folder), else nil.
    public static func name(at path: String) -> String? {
        var info = statfs()
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        for candidate in [path, folder.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : folder] where statfs(candidate, &info) == 0 {
            return name(forMagic: Int(info.f_type))
        }
        return nil
    }
}

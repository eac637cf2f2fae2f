import Fetch

/// Facts about this build of newswatch.
public enum NewsWatchInfo {
    public static let version = NewsWatchVersion.string
}

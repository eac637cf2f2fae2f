import Foundation

/// Clustering settings (`[stories]` in the config file). The defaults are meant to work on any news
/// corpus without tuning; each knob says what moving it does.
public struct ClusterOptions: Sendable, Hashable {
    /// Items further apart in time than this never join the same story (`window`, default 3 days).
    /// Undated items use their fetch time, so a backlog fetched at once still clusters together.
    public var window: TimeInterval = 3 * 86_400

    /// Cosine similarity (0...1) between an item's weighted terms and a story's centroid at or above
    /// which the item joins the story (`similarity`, default 0.35). Lower merges broader coverage of an
    /// event (and risks unrelated stories); higher keeps only close rewrites together.
    public var similarityThreshold: Double = 0.35

    /// How many body words of an item are read after boilerplate removal (`body_terms`, default 150).
    /// The lead of an article names the event; reading further costs time and adds noise.
    public var maxBodyTerms: Int = 150

    /// A title word counts as this many body words (`title_weight`, default 2).
    public var titleWeight: Double = 2

    /// How many of an item's most informative terms are kept in its vector (`item_terms`, default 48).
    public var maxItemTerms: Int = 48

    /// How many terms a story's centroid keeps between passes (`story_terms`, default 96).
    public var maxStoryTerms: Int = 96

    /// How many of an item's most informative terms are candidate-search keys (`key_terms`, default 8):
    /// a story is compared with an item only when they share one of these or an exact key.
    public var candidateKeyTerms: Int = 8

    /// At most this many candidate stories, those sharing the most keys with an item, are compared with it
    /// (`max_candidates`, default 24). Bounds the work per item however common its words are.
    public var maxCandidates: Int = 24

    /// A normalized title needs at least this many words to count as an exact duplicate key
    /// (`title_key_words`, default 4): short titles like "Weather" or "Live updates" repeat across events.
    public var minTitleKeyWords: Int = 4

    public init() {}
}

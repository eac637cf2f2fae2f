import Foundation

/// Clustering settings (`[stories]` in the config file). The defaults are meant to work on any news
/// corpus without tuning; each knob says what moving it does.
public struct ClusterOptions: Sendable, Hashable {
    /// Items further apart in time than this never join the same story (`window`, default 3 days).
    /// Undated items use their fetch time, so a backlog fetched at once still clusters together.
    public var window: TimeInterval = 3 * 86_400

    /// Cosine similarity (0...1) between an item's weighted terms and a story's centroid at or above
    /// which an item with a full text (`longTextTerms` informative terms or more) joins the story
    /// (`similarity`, default 0.25). Lower merges broader coverage of an event (and risks unrelated
    /// stories); higher keeps only close rewrites together.
    public var similarityThreshold: Double = 0.25

    /// The threshold for an item with `shortTextTerms` informative terms or fewer, such as a headline with
    /// a one-line summary (`short_similarity`, default 0.12): short texts share few words even when they
    /// report the same event, while long ones share some by chance. Between the two lengths the threshold
    /// moves linearly (`short_terms`, default 20; `long_terms`, default 40).
    public var shortTextSimilarityThreshold: Double = 0.12
    public var shortTextTerms: Int = 20
    public var longTextTerms: Int = 40

    /// How many body words of an item are read after boilerplate removal (`body_terms`, default 100).
    /// The lead of an article names the event; reading further costs time and adds noise.
    public var maxBodyTerms: Int = 100

    /// A title word counts as this many body words (`title_weight`, default 2).
    public var titleWeight: Double = 2

    /// How many of an item's most informative terms are kept in its vector (`item_terms`, default 48).
    public var maxItemTerms: Int = 48

    /// How many terms a story's centroid keeps between passes (`story_terms`, default 96).
    public var maxStoryTerms: Int = 96

    /// How many of an item's most informative terms are candidate-search keys (`key_terms`, default 8):
    /// a story is compared with an item only when they share one of these or an exact key.
    public var candidateKeyTerms: Int = 8

    /// When choosing those key terms, names and numbers count this many times their weight (`key_boost`,
    /// default 1.5). Rewrites of one report by other outlets keep its names and figures ("Hualien", "6.4",
    /// "0.25%") and change its other words; in a young database, where every word still looks about as rare
    /// as any other, the keys would otherwise be the headline's own wording. 1 turns the preference off.
    public var keyBoost: Double = 1.5

    /// An item with at least this many informative terms must share two of its key terms with a story,
    /// not one, to be compared with it (`two_keys_from_terms`, default 30): a full article that shares a
    /// single name with another story is about something else; a headline with a line of summary may share
    /// only that name with its story.
    public var twoSharedKeysFromTerms: Int = 30

    /// An item joins a story only if the story's centroid holds at least `anchorShare` of the weight of the
    /// item's `anchorTerms` most used names (capitalized words inside sentences, weighed by how often the
    /// item uses them; `anchor_terms`, default 2; `anchor_share`, default 0.5): reports of one event share
    /// their names, while the same template about another company or team does not. Text without letter case (all lower-case, Chinese) has no names
    /// and skips the check. Set `anchor_terms` to 0 to turn it off.
    public var anchorTerms: Int = 2
    public var anchorShare: Double = 0.5

    /// At most this many candidate stories, those sharing the most keys with an item, are compared with it
    /// (`max_candidates`, default 8). Bounds the work per item however common its words are.
    public var maxCandidates: Int = 8

    /// A normalized title needs at least this many words to count as an exact duplicate key
    /// (`title_key_words`, default 4): short titles like "Weather" or "Live updates" repeat across events.
    public var minTitleKeyWords: Int = 4

    public init() {}

    /// The similarity an item with `terms` informative terms needs to join a story.
    public func threshold(forTerms terms: Int) -> Double {
        guard longTextTerms > shortTextTerms else { return similarityThreshold }
        let position = min(1, max(0, Double(terms - shortTextTerms) / Double(longTextTerms - shortTextTerms)))
        return shortTextSimilarityThreshold + (similarityThreshold - shortTextSimilarityThreshold) * position
    }
}

import Foundation

extension ClusterOptions {
    /// The names of the numeric knobs, as written in `[stories]` of the config file (see each field's documentation).
    public static let knobNames = [
        "similarity", "short_similarity", "short_terms", "long_terms", "body_terms", "title_weight", "item_terms",
        "story_terms", "key_terms", "key_boost", "two_keys_from_terms", "max_candidates", "anchor_terms", "anchor_share", "title_key_words",
    ]

    /// Sets the knob called `name` (a config key of `[stories]`); false when no knob has that name.
    public mutating func setKnob(_ name: String, to value: Double) -> Bool {
        switch name {
        case "similarity": similarityThreshold = value
        case "short_similarity": shortTextSimilarityThreshold = value
        case "short_terms": shortTextTerms = Int(value)
        case "long_terms": longTextTerms = Int(value)
        case "body_terms": maxBodyTerms = Int(value)
        case "title_weight": titleWeight = value
        case "item_terms": maxItemTerms = Int(value)
        case "story_terms": maxStoryTerms = Int(value)
        case "key_terms": candidateKeyTerms = Int(value)
        case "key_boost": keyBoost = value
        case "two_keys_from_terms": twoSharedKeysFromTerms = Int(value)
        case "max_candidates": maxCandidates = Int(value)
        case "anchor_terms": anchorTerms = Int(value)
        case "anchor_share": anchorShare = value
        case "title_key_words": minTitleKeyWords = Int(value)
        default: return false
        }
        return true
    }
}

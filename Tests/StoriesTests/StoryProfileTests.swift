import Foundation
import Model
import Testing
@testable import Stories

@Test func profileSurvivesEncoding() throws {
    var profile = StoryProfile()
    profile.add(TermVector(terms: [3, 7, 11], weights: [0.6, 0.6, 0.52]), limit: 96)
    profile.remember(termKey: 7)
    profile.remember(exactKey: -42)
    let decoded = try #require(StoryProfile(decoding: profile.encoded(limit: 96)))
    #expect(decoded == profile)
    #expect(decoded.similarity(to: TermVector(terms: [3, 7, 11], weights: [0.6, 0.6, 0.52])) > 0.99)
}

@Test func foreignOrDamagedFeaturesStartAFreshProfile() {
    #expect(StoryProfile(decoding: []) == nil)
    #expect(StoryProfile(decoding: [9, 9, 9]) == nil)
    var bytes = StoryProfile(sum: TermVector(terms: [1, 2], weights: [1, 1]), itemCount: 1).encoded(limit: 96)
    bytes.removeLast()
    #expect(StoryProfile(decoding: bytes) == nil)
}

@Test func inMemoryIndexHonoursSince() throws {
    let index = InMemoryStoryIndex()
    let old = Date(timeIntervalSince1970: 1_000_000)
    let id = try index.createStory(title: "t", firstSeen: old)
    try index.saveStoryFeatures([(StoryFeatures(storyID: id, features: [], firstSeen: old, lastSeen: old, itemCount: 1), [5, 5])])
    #expect(try index.storyCandidates(keys: [5], since: old).map(\.storyID) == [id])
    #expect(try index.storyCandidates(keys: [5], since: old.addingTimeInterval(1)).isEmpty)
    #expect(try index.storyCandidates(keys: [6], since: old).isEmpty)
}

import Foundation
import Model
import Store
import Stories

// The SQLite store already has the candidate-index methods the clusterer needs.
extension SQLiteStore: StoryIndexStore {}

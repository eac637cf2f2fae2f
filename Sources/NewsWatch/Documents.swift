import Foundation
import Model
import Fetch
import FeedParser

/// Fetches and parses one document for `newswatch parse`: a local file or an http(s) URL.
public enum Documents {
    public static func parse(_ input: String, fetchOptions: FetchOptions) async throws(NewsWatchError) -> ParsedFeed {
        let url = Subscriptions.normalizedFeedURL(input)
        let body: [UInt8], charset: String?, contentLocation: String?, documentURL: String
        if url.hasPrefix("file://") {
            let path = URL(string: url)?.path ?? input
            do { body = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
                throw NewsWatchError("cannot read \(input): \(Subscriptions.reason(error))")
            }
            (charset, contentLocation, documentURL) = (nil, nil, url)
        } else {
            let response = await Fetcher(options: fetchOptions).fetch(FetchRequest(url: url))
            if let error = response.error { throw NewsWatchError(error.sentence) }
            (body, charset, contentLocation, documentURL) = (response.body, response.charset, response.contentLocation, response.effectiveURL)
        }
        do {
            return try FeedParser.parse(body, documentURL: documentURL, httpCharset: charset, contentLocation: contentLocation)
        } catch {
            throw NewsWatchError("\(input): \(error.message)")
        }
    }
}

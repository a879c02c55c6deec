import Foundation
import QujatSign

/// How `qujat serve` listens and how much it takes on.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The address clients use (`https://qujat.example.kz`), for the OpenAPI document's
    /// `servers`; nil: the Host each request was sent to.
    public var publicURL: String?
    /// Largest case body accepted (413 above it).
    public var maxBodyBytes = 1 << 20
    /// Largest batch manifest accepted.
    public var maxBatchBytes = 64 << 20
    /// A request that has not reached a worker by then gets 503.
    public var timeout: Duration = .seconds(10)
    /// Batches waiting to run before new ones get 429.
    public var batchQueueLimit = 8
    /// Where batches keep their files; a temporary folder by default, removed at exit (then
    /// batches do not survive a restart: give a folder to keep them).
    public var dataDirectory: String?
    /// How long a finished batch and its files are kept.
    public var batchRetention: Duration = .seconds(24 * 3600)
    /// Signs documents asked for with `?sign=true`. A server with a key refuses to start
    /// without `apiKeys` (it would sign anything for anyone who reaches its port).
    public var signingKey: SigningKey?
    /// Bearer tokens and their scopes; nil: every route is open (a warning is logged).
    public var apiKeys: APIKeys?
    /// Trusted roots for `POST /v1/verify` (empty: chains are not checked).
    public var trustRoots: [Certificate] = []
    /// A file that gets one line per signature (key name, document, SHA-256, time).
    public var auditLogPath: String?
    /// Largest PDF body (prepare, embed, verify).
    public var maxPDFBytes = 32 << 20
    /// Reload the templates and fonts when their files change (SIGHUP reloads them always).
    public var watchTemplates = false
    /// How often watched files are looked at.
    public var watchInterval: Duration = .milliseconds(250)

    public init() {}
}

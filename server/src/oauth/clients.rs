//! Sandbox clients: creating them with fresh credentials, authenticating them at the token
//! endpoint, rotating and revoking their secrets, and opening the console broker's copy.

use super::scopes;
use crate::clock::SharedClock;
use crate::crypto::random;
use crate::crypto::sealing::Sealer;
use crate::crypto::secret_hash::SecretHasher;
use crate::db::{ClientRow, Database, NewClient, StoreError};
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The prefix of every client id.
pub const CLIENT_ID_PREFIX: &str = "mnc_";
/// The prefix of every client secret (it helps secret scanners spot leaked ones).
pub const CLIENT_SECRET_PREFIX: &str = "mns_";
/// The longest client name accepted.
pub const MAX_NAME_CHARS: usize = 80;
/// How long a client record read for authentication is reused. Token requests are the hot
/// path; a database round trip for each would cost more than everything else they do.
/// Every change to a client waits this long after it is committed before it is acknowledged,
/// and a cached record counts its age from when its read *started*, so when a rotation or
/// revocation is reported done, no instance can still be using the old record.
pub const CACHE_TTL: Duration = Duration::from_millis(250);
/// Cached records kept at most (a flood of distinct ids clears the cache).
const CACHE_CAPACITY: usize = 10_000;
/// Ids known to name no client, kept at most.
const UNKNOWN_CAPACITY: u64 = 10_000;
/// How long an id is known to name no client.
const UNKNOWN_FOR: Duration = Duration::from_secs(60);

/// A new client id and its secret, to show once.
pub struct Credentials {
    /// The client id (MN-ClientId).
    pub client_id: String,
    /// The client secret (MN-ClientSecret): 256 random bits.
    pub client_secret: SecretString,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// A client row ready to be stored (see [`ClientRegistry::prepare`]).
pub struct PreparedClient {
    id: String,
    account_id: Option<String>,
    name: String,
    secret_hash: String,
    secret_sealed: String,
    scopes: String,
    created_at: i64,
}

impl PreparedClient {
    /// The row to insert.
    pub fn as_new(&self) -> NewClient<'_> {
        NewClient {
            id: &self.id,
            account_id: self.account_id.as_deref(),
            name: &self.name,
            secret_hash: &self.secret_hash,
            secret_sealed: Some(&self.secret_sealed),
            scopes: &self.scopes,
            created_at: self.created_at,
        }
    }
}

/// Why a client could not authenticate or be changed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Wrong secret (never told apart from an unknown id, to the caller).
    #[error("Client authentication failed.")]
    BadCredentials,
    /// No client has the id presented (told apart only in the owner's request log).
    #[error("Client authentication failed.")]
    UnknownClient,
    /// The secret presented was the client's until the rotation at `rotated_at`.
    #[error("Client authentication failed.")]
    RotatedSecret {
        /// When the secret was replaced.
        rotated_at: Option<i64>,
    },
    /// The client was revoked.
    #[error("This client has been revoked.")]
    Revoked,
    /// The client is suspended and may not obtain tokens.
    #[error("This client is suspended and may not obtain tokens.")]
    Suspended,
    /// No such client (for management operations).
    #[error("There is no client with that id.")]
    NotFound,
    /// A name that is empty or too long.
    #[error("A client name must be 1 to 80 characters.")]
    BadName,
    /// The scopes given are not sandbox scopes.
    #[error(transparent)]
    Scope(#[from] scopes::ScopeError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The clients of the sandbox.
pub struct ClientRegistry {
    db: Database,
    hasher: SecretHasher,
    sealer: Sealer,
    clock: SharedClock,
    /// Token requests since the last flush, by client: written in batches, off the hot path.
    last_used: Mutex<HashMap<String, i64>>,
    /// Recently read client records, for [`CACHE_TTL`].
    cache: Mutex<HashMap<String, (ClientRow, Instant)>>,
    /// Ids recently found to name no client, so a flood of requests naming made-up ids costs
    /// the database one read per id (client ids are random: none is asked about before it
    /// exists).
    unknown: moka::sync::Cache<String, ()>,
}

impl ClientRegistry {
    /// A registry over `db`.
    pub fn new(db: Database, hasher: SecretHasher, sealer: Sealer, clock: SharedClock) -> Self {
        Self {
            db,
            hasher,
            sealer,
            clock,
            last_used: Mutex::new(HashMap::new()),
            cache: Mutex::new(HashMap::new()),
            unknown: moka::sync::Cache::builder()
                .max_capacity(UNKNOWN_CAPACITY)
                .time_to_live(UNKNOWN_FOR)
                .build(),
        }
    }

    /// Makes a client with fresh credentials. `scopes` defaults to every sandbox scope.
    pub async fn create(
        &self,
        name: &str,
        account_id: Option<&str>,
        scopes: Option<&str>,
    ) -> Result<Credentials, ClientError> {
        let (credentials, prepared) = self.prepare(name, account_id, scopes)?;
        self.db.insert_client(&prepared.as_new()).await?;
        Ok(credentials)
    }

    /// Fresh credentials and the row that stores them, for a caller that inserts the row
    /// together with other data (sign-up stores the account and its first app at once).
    pub fn prepare(
        &self,
        name: &str,
        account_id: Option<&str>,
        scopes: Option<&str>,
    ) -> Result<(Credentials, PreparedClient), ClientError> {
        let name = validate_name(name)?;
        let scopes = scopes::grant(scopes, &scopes::ALL.join(" "))?.join(" ");
        let credentials = Credentials {
            client_id: random::token::<15>(CLIENT_ID_PREFIX),
            client_secret: SecretString::from(random::token::<32>(CLIENT_SECRET_PREFIX)),
        };
        let prepared = PreparedClient {
            id: credentials.client_id.clone(),
            account_id: account_id.map(str::to_owned),
            name: name.to_owned(),
            secret_hash: self.hasher.hash(credentials.client_secret.expose_secret()),
            secret_sealed: self
                .sealer
                .seal(&credentials.client_secret, &credentials.client_id),
            scopes,
            created_at: self.clock.now(),
        };
        Ok((credentials, prepared))
    }

    /// Checks a client id and secret; the client must be active.
    pub async fn authenticate(&self, client_id: &str, secret: &str) -> Result<ClientRow, ClientError> {
        let cached = self
            .cached(client_id)
            .filter(|client| self.hasher.verify(secret, &client.secret_hash));
        let client = match cached {
            Some(client) => client,
            // Not cached, or the secret does not match what was cached: ask the database, so a
            // freshly rotated secret works at once.
            None => {
                // Stamped before the read: a record is trusted for CACHE_TTL from when the
                // database could last have seen it, not from when the answer arrived.
                let read_started = Instant::now();
                let Some(client) = self.db.client(client_id).await? else {
                    // Spend the same work as a real check, so timing does not reveal which ids exist.
                    let _ = self.hasher.verify(secret, "00");
                    return Err(ClientError::UnknownClient);
                };
                self.remember(&client, read_started);
                if !self.hasher.verify(secret, &client.secret_hash) {
                    let was_previous = client
                        .previous_secret_hash
                        .as_deref()
                        .is_some_and(|previous| self.hasher.verify(secret, previous));
                    return Err(if was_previous {
                        ClientError::RotatedSecret {
                            rotated_at: client.secret_rotated_at,
                        }
                    } else {
                        ClientError::BadCredentials
                    });
                }
                client
            }
        };
        match client.status.as_str() {
            "active" => {
                self.note_use(client_id);
                Ok(client)
            }
            "suspended" => Err(ClientError::Suspended),
            _ => Err(ClientError::Revoked),
        }
    }

    /// Whether a client with this id exists (revoked ones too), for filing a failed request
    /// under its app.
    pub async fn exists(&self, client_id: &str) -> bool {
        if self.cached(client_id).is_some() {
            return true;
        }
        if client_id.len() > 64
            || !client_id.starts_with(CLIENT_ID_PREFIX)
            || self.unknown.contains_key(client_id)
        {
            return false;
        }
        match self.db.client(client_id).await {
            Ok(Some(_)) => true,
            Ok(None) => {
                self.unknown.insert(client_id.to_owned(), ());
                false
            }
            Err(_) => false,
        }
    }

    fn cached(&self, client_id: &str) -> Option<ClientRow> {
        let cache = self.cache.lock().ok()?;
        let (client, read_at) = cache.get(client_id)?;
        (read_at.elapsed() < CACHE_TTL).then(|| client.clone())
    }

    fn remember(&self, client: &ClientRow, read_started: Instant) {
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_CAPACITY {
                cache.clear();
            }
            cache.insert(client.id.clone(), (client.clone(), read_started));
        }
    }

    /// Forgets this instance's copy of a client and waits until no other instance can still
    /// hold one, so the change is in force everywhere when the caller reports it.
    async fn settle(&self, client_id: &str) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.remove(client_id);
        }
        tokio::time::sleep(CACHE_TTL).await;
    }

    fn note_use(&self, client_id: &str) {
        let now = self.clock.now();
        if let Ok(mut pending) = self.last_used.lock() {
            // A busy client is already pending: update it in place, without a new key.
            match pending.get_mut(client_id) {
                Some(last) => *last = now,
                None => {
                    pending.insert(client_id.to_owned(), now);
                }
            }
        }
    }

    /// Writes the pending "last used" times (called periodically, and before listing).
    pub async fn flush_last_used(&self) -> Result<(), StoreError> {
        let pending: Vec<(String, i64)> = match self.last_used.lock() {
            Ok(mut pending) => pending.drain().collect(),
            Err(_) => return Ok(()),
        };
        if pending.is_empty() {
            return Ok(());
        }
        self.db.record_last_used(&pending).await
    }

    /// Replaces a client's secret; the old one, and every token issued with it, stop working by
    /// the time this returns, on every instance.
    pub async fn rotate(&self, client_id: &str) -> Result<Credentials, ClientError> {
        let secret = SecretString::from(random::token::<32>(CLIENT_SECRET_PREFIX));
        let hash = self.hasher.hash(secret.expose_secret());
        let sealed = self.sealer.seal(&secret, client_id);
        if self
            .db
            .replace_client_secret(client_id, &hash, Some(&sealed), self.clock.now())
            .await?
        {
            self.settle(client_id).await;
            Ok(Credentials {
                client_id: client_id.to_owned(),
                client_secret: secret,
            })
        } else {
            Err(self.missing_or_revoked(client_id).await)
        }
    }

    /// Revokes a client for good: its secret and every token it holds stop working.
    pub async fn revoke(&self, client_id: &str) -> Result<(), ClientError> {
        self.change_status(client_id, "revoked", "revoked").await
    }

    /// Suspends a client: it keeps its secret but gets `unauthorized_client` until resumed,
    /// and its tokens are refused meanwhile.
    pub async fn suspend(&self, client_id: &str) -> Result<(), ClientError> {
        self.change_status(client_id, "suspended", "suspended").await
    }

    /// Lifts a suspension.
    pub async fn resume(&self, client_id: &str) -> Result<(), ClientError> {
        self.change_status(client_id, "active", "resumed").await
    }

    /// Renames a client.
    pub async fn rename(&self, client_id: &str, name: &str) -> Result<(), ClientError> {
        let name = validate_name(name)?;
        if self.db.rename_client(client_id, name, self.clock.now()).await? {
            Ok(())
        } else {
            Err(self.missing_or_revoked(client_id).await)
        }
    }

    async fn change_status(&self, client_id: &str, status: &str, event: &str) -> Result<(), ClientError> {
        if self
            .db
            .set_client_status(client_id, status, event, self.clock.now())
            .await?
        {
            self.settle(client_id).await;
            return Ok(());
        }
        match self.db.client(client_id).await? {
            None => Err(ClientError::NotFound),
            Some(client) if client.status == "revoked" => Err(ClientError::Revoked),
            // Already in the wanted state: nothing to do.
            Some(_) => Ok(()),
        }
    }

    async fn missing_or_revoked(&self, client_id: &str) -> ClientError {
        match self.db.client(client_id).await {
            Ok(Some(_)) => ClientError::Revoked,
            Ok(None) => ClientError::NotFound,
            Err(error) => ClientError::Store(error),
        }
    }

    /// The console broker's copy of an active client's secret.
    pub async fn broker_secret(&self, client_id: &str) -> Result<SecretString, ClientError> {
        let client = self.db.client(client_id).await?.ok_or(ClientError::NotFound)?;
        if client.status == "revoked" {
            return Err(ClientError::Revoked);
        }
        let sealed = client.secret_sealed.ok_or(ClientError::NotFound)?;
        self.sealer
            .open(&sealed, client_id)
            .map_err(|_| ClientError::BadCredentials)
    }

    /// Every client (for the CLI), or one account's, with last-used times up to date.
    pub async fn list(&self, account_id: Option<&str>) -> Result<Vec<ClientRow>, ClientError> {
        self.flush_last_used().await?;
        Ok(self.db.clients(account_id).await?)
    }
}

fn validate_name(name: &str) -> Result<&str, ClientError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ClientError::BadName);
    }
    Ok(name)
}

package fr.caducee.server.settings;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every {@code caducee.*} setting the server reads, with its default and what its value must be: the one list that
 * {@link Settings} checks {@code caducee.properties} and the command line against, and that docs/CONFIGURATION.md is
 * checked against by a test. A setting read anywhere in the code is a constant here.
 */
public enum Setting {
    // Folders
    /** The data folder: database, spool, mail repositories, audit trail, PKI, logs. */
    DATA("caducee.data", Kind.PATH, "data"),
    /** The configuration folder holding caducee.properties and James's files; only on the command line. */
    CONFIG("caducee.config", Kind.PATH, "james-config"),
    /** The folder of trusted CA certificates (PEM or DER) for mutual TLS. */
    TRUST_ANCHORS("caducee.trustAnchors", Kind.PATH, "trust-anchors"),
    /** Comma-separated host names for the development server certificate; default: localhost and the machine's name. */
    HOSTNAMES("caducee.hostnames", Kind.TEXT, null),
    /** The first start creates the demo domain and boxes; unbound listeners then listen on loopback. */
    DEMO("caducee.demo", Kind.FLAG, "true"),
    /** The operator's first mail domain. */
    DEFAULT_DOMAIN("caducee.defaultDomain", Kind.TEXT, "caducee.localhost"),
    /** The reference of the sending software (X-MSS-NIL) on the messages the server writes. */
    SOFTWARE_REFERENCE("caducee.softwareReference", Kind.TEXT, "Caducee/0.1"),

    // Listeners (read by smtpserver.xml, imapserver.xml, webadmin.properties, mailetcontainer.xml)
    /** The MX listener, for other operators: STARTTLS and a client certificate required. */
    MX_BIND("caducee.mx.bind", Kind.HOST_PORT, "0.0.0.0:10025"),
    /** Submission with STARTTLS, then AUTH required. */
    SUBMISSION_BIND("caducee.submission.bind", Kind.HOST_PORT, "0.0.0.0:10587"),
    /** Submission over implicit TLS. */
    SUBMISSIONS_BIND("caducee.submissions.bind", Kind.HOST_PORT, "0.0.0.0:10465"),
    /** IMAP with STARTTLS. */
    IMAP_BIND("caducee.imap.bind", Kind.HOST_PORT, "0.0.0.0:10143"),
    /** IMAP over implicit TLS. */
    IMAPS_BIND("caducee.imaps.bind", Kind.HOST_PORT, "0.0.0.0:10993"),
    /** The administration API's port, always on 127.0.0.1. */
    WEBADMIN_PORT("caducee.webadmin.port", Kind.PORT, "10080"),
    /** The largest message SMTP takes, in KB; larger ones get 552 5.3.4. */
    SMTP_MAX_MESSAGE_SIZE_KB("caducee.smtp.maxMessageSizeKb", Kind.WHOLE_NUMBER, "25600"),
    /** Literals of one IMAP command once logged in, hence APPENDLIMIT; empty: the SMTP size limit ({@link Settings#optional}). */
    IMAP_LITERAL_SIZE_LIMIT("caducee.imap.literalSizeLimit", Kind.TEXT, null),
    /** Threads processing the spool. */
    SPOOLER_THREADS("caducee.spooler.threads", Kind.WHOLE_NUMBER, "8"),
    /** The HTTPS API (fr.caducee.server.api): the shared record's MHD resources and what joins them. */
    API_BIND("caducee.api.bind", Kind.HOST_PORT, "0.0.0.0:10443"),

    // The patients' webmail (fr.caducee.server.webmail, docs/WEBMAIL.md), read by WebmailConfiguration
    /** Its HTTPS listener. */
    WEBMAIL_BIND("caducee.webmail.bind", Kind.HOST_PORT, "0.0.0.0:10444"),
    /** {@code https://host[:port]} as patients reach it; empty: the first of caducee.hostnames and the bind's port. */
    WEBMAIL_ORIGIN("caducee.webmail.origin", Kind.TEXT, ""),
    /** Durations ("15 minutes", "12 hours", "90 s"; a bare number is seconds), parsed by James's DurationParser. */
    WEBMAIL_SESSION_IDLE("caducee.webmail.sessionIdle", Kind.TEXT, "15 minutes"),
    /** A webmail session's longest life, whatever its activity. */
    WEBMAIL_SESSION_MAX("caducee.webmail.sessionMax", Kind.TEXT, "12 hours"),
    /** The attachments of one message ("10M", "512K"), parsed by James's Size. */
    WEBMAIL_UPLOAD_LIMIT("caducee.webmail.uploadLimit", Kind.TEXT, "10M"),
    /** Failed webmail logins before the account is locked for a while. */
    WEBMAIL_LOCKOUT_ATTEMPTS("caducee.webmail.lockout.attempts", Kind.WHOLE_NUMBER, "5"),
    /** The first lockout's length, doubling at each new one... */
    WEBMAIL_LOCKOUT_FIRST("caducee.webmail.lockout.first", Kind.TEXT, "1 minute"),
    /** ...up to this. */
    WEBMAIL_LOCKOUT_MAX("caducee.webmail.lockout.max", Kind.TEXT, "1 hour"),

    // SMTP chains (MxChain, SubmissionChain), read by ChainSettingsModule
    /** Recipients of one message; more get 452 4.5.3. */
    SMTP_MAX_RECIPIENTS("caducee.smtp.maxRecipients", Kind.WHOLE_NUMBER, "100"),
    /** Free disk space kept in reserve: below it, mail is deferred rather than half written. */
    STORAGE_RESERVE_MEGABYTES("caducee.storage.reserveMegabytes", Kind.WHOLE_NUMBER, "256"),
    /** Nesting depth of MIME parts a message may have. */
    SMTP_MIME_MAX_DEPTH("caducee.smtp.mime.maxDepth", Kind.WHOLE_NUMBER, "32"),
    /** MIME parts a message may have. */
    SMTP_MIME_MAX_PARTS("caducee.smtp.mime.maxParts", Kind.WHOLE_NUMBER, "1000"),
    /** Header fields a message or part may have. */
    SMTP_MIME_MAX_HEADERS("caducee.smtp.mime.maxHeaders", Kind.WHOLE_NUMBER, "1000"),
    /** Length of one header field, folded lines together, in bytes. */
    SMTP_MIME_MAX_HEADER_LENGTH("caducee.smtp.mime.maxHeaderLength", Kind.WHOLE_NUMBER, "65536"),
    /** For measurement only: every SMTP listener without the trust space's rules. */
    BENCHMARK_RULES_OFF("caducee.benchmark.rulesOff", Kind.FLAG, "false"),
    /** For measurement only: the MX without its checks of the peer operator. */
    BENCHMARK_PEER_CHECKS_OFF("caducee.benchmark.peerChecksOff", Kind.FLAG, "false"),

    // TLS
    /** The server's PKCS12 keystore (key and IGC-Santé chain); empty: a development PKI in the data folder. */
    TLS_KEYSTORE("caducee.tls.keystore", Kind.PATH, null),
    /** The owner-only file holding the keystore's password. */
    TLS_SECRET_FILE("caducee.tls.secretFile", Kind.PATH, null),
    /** The keystore's password; with the development PKI, the generated {@code pki/keystore-secret} instead. */
    TLS_SECRET("caducee.tls.secret", Kind.SECRET, null, "CADUCEE_TLS_SECRET", TLS_SECRET_FILE),

    // Storage
    /** {@code managed}: a PostgreSQL run by the server in the data folder; {@code external}: the one of {@link #DB_URL}. */
    DB_MODE("caducee.db.mode", Kind.TEXT, "managed"),
    /** With caducee.db.mode=external: the JDBC URL of your PostgreSQL. */
    DB_URL("caducee.db.url", Kind.TEXT, ""),
    /** With caducee.db.mode=external: its role. */
    DB_USER("caducee.db.user", Kind.TEXT, ""),
    /** The owner-only file holding that role's password. */
    DB_PASSWORD_FILE("caducee.db.passwordFile", Kind.PATH, null),
    /** The database password (external mode). */
    DB_PASSWORD("caducee.db.password", Kind.SECRET, null, "CADUCEE_DB_PASSWORD", DB_PASSWORD_FILE),
    /** Connections the server keeps to the database. */
    DB_MAX_CONNECTIONS("caducee.db.maxConnections", Kind.WHOLE_NUMBER, "16"),

    // Directory (directory.properties)
    /** `embedded`: an LDAP server inside the process; `external`: the OpenLDAP of caducee.directory.url. */
    DIRECTORY_MODE("caducee.directory.mode", Kind.TEXT, "embedded"),
    /** The directory's base DN. */
    DIRECTORY_BASE_DN("caducee.directory.baseDn", Kind.TEXT, "o=caducee"),
    /** The embedded directory's LDAP listener, for ldapsearch by the administrator. */
    DIRECTORY_LISTEN("caducee.directory.listen", Kind.HOST_PORT, "127.0.0.1:10389"),
    /** The embedded directory's journal is compacted into a snapshot beyond this size. */
    DIRECTORY_COMPACT_AFTER_MEGABYTES("caducee.directory.compactAfterMegabytes", Kind.WHOLE_NUMBER, "64"),
    /** With caducee.directory.mode=external: ldap://host:389 or ldaps://host:636. */
    DIRECTORY_URL("caducee.directory.url", Kind.TEXT, ""),
    /** The DN the server binds as to the external directory. */
    DIRECTORY_BIND_DN("caducee.directory.bindDn", Kind.TEXT, ""),
    /** The owner-only file holding that DN's password. */
    DIRECTORY_PASSWORD_FILE("caducee.directory.passwordFile", Kind.PATH, null),
    /** The external directory's bind password. */
    DIRECTORY_PASSWORD("caducee.directory.password", Kind.SECRET, null, "CADUCEE_DIRECTORY_PASSWORD",
        DIRECTORY_PASSWORD_FILE),
    /** Connections kept to the external directory. */
    DIRECTORY_POOL_SIZE("caducee.directory.poolSize", Kind.WHOLE_NUMBER, "8"),
    /** How long a directory request may take. */
    DIRECTORY_TIMEOUT_MILLIS("caducee.directory.timeoutMillis", Kind.WHOLE_NUMBER, "5000"),
    /** How stale the directory cache may be. */
    DIRECTORY_FRESHNESS_SECONDS("caducee.directory.freshnessSeconds", Kind.WHOLE_NUMBER, "30"),
    /** Entries the directory cache holds. */
    DIRECTORY_CACHE_ENTRIES("caducee.directory.cacheEntries", Kind.WHOLE_NUMBER, "2000000"),
    /** Threads importing the national extract. */
    DIRECTORY_IMPORT_THREADS("caducee.directory.importThreads", Kind.WHOLE_NUMBER, "32"),
    /** PBKDF2 iterations of a new box password. */
    PASSWORD_ITERATIONS("caducee.password.iterations", Kind.WHOLE_NUMBER, "100000"),
    /** Patients log in with a second factor, through the webmail: true lets their password open IMAP and SMTP too. */
    PATIENTS_MAIL_CLIENTS("caducee.patients.mailClients", Kind.FLAG, "false"),

    // Trust space and delivery
    /** The national whitelist (liste blanche): a file or an https URL; default: liste-blanche.xml of the config folder. */
    WHITELIST("caducee.whitelist", Kind.TEXT, null),
    /** Where the list's SHA-256 is published (file or https URL); set: a list whose bytes differ is refused. */
    WHITELIST_CHECKSUM("caducee.whitelist.checksum", Kind.TEXT, ""),
    /** How often the whitelist is read again. */
    WHITELIST_REFRESH_SECONDS("caducee.whitelist.refreshSeconds", Kind.WHOLE_NUMBER, "3600"),
    /** Comma-separated files or http(s) URLs of the CAs' revocation lists, each signed by a trust anchor. */
    CRL("caducee.crl", Kind.TEXT, ""),
    /** How often the revocation lists are read again. */
    CRL_REFRESH_SECONDS("caducee.crl.refreshSeconds", Kind.WHOLE_NUMBER, "3600"),
    /** A static route table (domain to host:port); default: routes.txt of the configuration folder. */
    ROUTES("caducee.routes", Kind.PATH, null),
    /** Delays between delivery attempts to another operator. */
    RELAY_DELAYS("caducee.relay.delays", Kind.TEXT, "5 minutes, 30 minutes, 2 hours, 6 hours, 15 hours"),
    /** Delivery attempts before a message bounces. */
    RELAY_MAX_RETRIES("caducee.relay.maxRetries", Kind.WHOLE_NUMBER, "5"),
    /** Every outbound message through this host:port instead of the MX records; empty: MX records. */
    RELAY_GATEWAY("caducee.relay.gateway", Kind.HOST_PORT, ""),

    // Shared record (docs/RECORDS.md)
    /** The record's box; empty: {@code dmp@<caducee.defaultDomain>}. */
    RECORDS_BOX("caducee.records.box", Kind.TEXT, ""),
    /** The FINESS or SIRET of the structure the record's APP box belongs to (the operator running the record). */
    RECORDS_STRUCTURE("caducee.records.structure", Kind.TEXT, "000000000"),

    // Notices to patients' personal addresses (fr.caducee.server.webmail.NoticeRelay): outside the trust space by
    // design, through the operator's outbound relay, never through James's mail processing
    /** {@code host:port} of the outbound relay; empty: no notice is written nor sent. */
    WEBMAIL_NOTICES_RELAY("caducee.webmail.notices.relay", Kind.HOST_PORT, ""),
    /** {@code starttls} (required) or {@code none}, which must be said explicitly. */
    WEBMAIL_NOTICES_RELAY_TLS("caducee.webmail.notices.relayTls", Kind.TEXT, "starttls"),
    /** The owner-only file holding {@code user:password} for the relay, when it asks for a login. */
    WEBMAIL_NOTICES_CREDENTIALS("caducee.webmail.notices.credentials", Kind.PATH, null),
    /** user:password for the relay. */
    WEBMAIL_NOTICES_RELAY_LOGIN("caducee.webmail.notices.relayLogin", Kind.SECRET, null,
        "CADUCEE_NOTICES_RELAY_LOGIN", WEBMAIL_NOTICES_CREDENTIALS),
    /** The notices' From; empty: {@code ne-pas-repondre@<caducee.defaultDomain>}. */
    WEBMAIL_NOTICES_FROM("caducee.webmail.notices.from", Kind.TEXT, ""),

    // Audit trail (audit.properties)
    /** The audit trail's folder, under the data folder's var/. */
    AUDIT_FOLDER("caducee.audit.folder", Kind.TEXT, "audit"),
    /** `always` (every record on disk before the answer) or `interval`. */
    AUDIT_FSYNC("caducee.audit.fsync", Kind.TEXT, "always"),
    /** With caducee.audit.fsync=interval: how often records are synced. */
    AUDIT_FSYNC_INTERVAL_MILLIS("caducee.audit.fsyncIntervalMillis", Kind.WHOLE_NUMBER, "1000"),
    /** A segment of the trail beyond this size is closed; 0: one segment a day. */
    AUDIT_SEGMENT_MAX_MEGABYTES("caducee.audit.segmentMaxMegabytes", Kind.WHOLE_NUMBER, "0"),
    /** How long a record may wait to be written before the action it traces is refused. */
    AUDIT_APPEND_TIMEOUT_MILLIS("caducee.audit.appendTimeoutMillis", Kind.WHOLE_NUMBER, "10000"),
    /** /healthcheck's AuditTrail check: degraded when an fsync in the trail's folder takes longer. */
    HEALTH_AUDIT_FSYNC_MILLIS("caducee.health.auditFsyncMillis", Kind.WHOLE_NUMBER, "200"),

    // Shared record, read through the API (fr.caducee.server.records.api)
    /** Which document types each profession reads; default: record-access-matrix.txt of the configuration folder. */
    RECORDS_ACCESS_MATRIX("caducee.records.accessMatrix", Kind.PATH, null),
    /** National ids (FINESS, SIRET) of the emergency call centres (SAMU-Centre 15) whose professionals read as regulators. */
    RECORDS_REGULATOR_STRUCTURES("caducee.records.regulatorStructures", Kind.TEXT, ""),

    // The hospital gateway (fr.caducee.server.gateway, docs/GATEWAY.md), read by GatewaySettings
    /** MLLP over TLS, a client certificate required; empty: no listener. */
    GATEWAY_BIND("caducee.gateway.bind", Kind.HOST_PORT, ""),
    /** Plain MLLP for development, loopback addresses only; empty: none. */
    GATEWAY_PLAIN_BIND("caducee.gateway.plainBind", Kind.HOST_PORT, ""),
    /** The largest HL7 message the gateway takes. */
    GATEWAY_MAX_MESSAGE_BYTES("caducee.gateway.maxMessageBytes", Kind.WHOLE_NUMBER, "16777216"),
    /** Connections served at once, both listeners together. */
    GATEWAY_MAX_CONNECTIONS("caducee.gateway.maxConnections", Kind.WHOLE_NUMBER, "32"),
    /** A connection silent this long is closed. */
    GATEWAY_IDLE_SECONDS("caducee.gateway.idleSeconds", Kind.WHOLE_NUMBER, "600"),
    /** The zone an arrival's day and the summary's time are read in. */
    GATEWAY_ZONE("caducee.gateway.zone", Kind.TEXT, "Europe/Paris"),
    /** The local time the previous day's summary goes to each ED ({@code HH:mm}, or {@code HH:mm:ss}). */
    GATEWAY_SUMMARY_AT("caducee.gateway.summaryAt", Kind.TEXT, "07:00"),
    /** The hospitals' ids, comma-separated; each is described by the {@code caducee.gateway.hospital.<id>.*} keys. */
    GATEWAY_HOSPITALS("caducee.gateway.hospitals", Kind.TEXT, ""),
    /** A hospital's APP box, which its client certificate must name. */
    GATEWAY_HOSPITAL_BOX("caducee.gateway.hospital.<id>.box", Kind.TEXT, null),
    /** The hospital's name, in notifications. */
    GATEWAY_HOSPITAL_NAME("caducee.gateway.hospital.<id>.name", Kind.TEXT, null),
    /** The hospital's FINESS. */
    GATEWAY_HOSPITAL_FINESS("caducee.gateway.hospital.<id>.finess", Kind.TEXT, null),
    /** Its emergency department's box. */
    GATEWAY_HOSPITAL_ED_BOX("caducee.gateway.hospital.<id>.edBox", Kind.TEXT, null),
    /** The units that are its emergency department. */
    GATEWAY_HOSPITAL_ED_UNITS("caducee.gateway.hospital.<id>.edUnits", Kind.TEXT, null),
    /** Who GPs call at its emergency department. */
    GATEWAY_HOSPITAL_ED_CONTACT("caducee.gateway.hospital.<id>.edContact", Kind.TEXT, null),
    /** host:port its business receipts go back to over MLLP. */
    GATEWAY_HOSPITAL_RETURN_ADDRESS("caducee.gateway.hospital.<id>.returnAddress", Kind.HOST_PORT, null),
    /** The business receipts back to the hospitals (fr.caducee.server.gateway.receipts): the first retry's delay... */
    GATEWAY_RETURN_RETRY_SECONDS("caducee.gateway.returnRetrySeconds", Kind.DECIMAL, "30"),
    /** ...doubling at each attempt up to this. */
    GATEWAY_RETURN_RETRY_MAX_SECONDS("caducee.gateway.returnRetryMaxSeconds", Kind.DECIMAL, "3600"),

    // Pro Santé Connect tokens on IMAP and SMTP (fr.caducee.identity.psc, docs/IDENTITY.md), read by PscSettings
    /** The provider's issuer ({@code iss}); empty: no token login (OAUTHBEARER and XOAUTH2 are not offered). */
    PSC_ISSUER("caducee.psc.issuer", Kind.TEXT, ""),
    /** The provider's keys; empty: {@code <issuer>/protocol/openid-connect/certs}, as Keycloak publishes them. */
    PSC_JWKS_URL("caducee.psc.jwksUrl", Kind.TEXT, ""),
    /** The practice software whose tokens are taken ({@code aud} or {@code azp}), comma-separated; required with an issuer. */
    PSC_CLIENTS("caducee.psc.clients", Kind.TEXT, ""),
    /** The authentication level a token must carry ({@code acr}); Pro Santé Connect's is {@code eidas1}. */
    PSC_ACR("caducee.psc.acr", Kind.TEXT, "eidas1"),
    /** The claim holding the professional's national id (idNat). */
    PSC_CLAIM("caducee.psc.claim", Kind.TEXT, "preferred_username"),
    /** How long the provider's keys are kept before being fetched again (an unknown key id fetches them at once). */
    PSC_JWKS_REFRESH_SECONDS("caducee.psc.jwksRefreshSeconds", Kind.WHOLE_NUMBER, "300"),
    /** Clock difference tolerated on a token's dates. */
    PSC_CLOCK_SKEW_SECONDS("caducee.psc.clockSkewSeconds", Kind.WHOLE_NUMBER, "30"),
    /** The provider's token introspection (RFC 7662); empty: tokens are checked by their signature alone. */
    PSC_INTROSPECTION_URL("caducee.psc.introspectionUrl", Kind.TEXT, ""),
    /** The owner-only file holding {@code client-id:secret} for the introspection endpoint. */
    PSC_INTROSPECTION_CREDENTIALS("caducee.psc.introspectionCredentials", Kind.PATH, null),
    /** client-id:secret for the introspection endpoint. */
    PSC_INTROSPECTION_LOGIN("caducee.psc.introspectionLogin", Kind.SECRET, null, "CADUCEE_PSC_INTROSPECTION_LOGIN",
        PSC_INTROSPECTION_CREDENTIALS),
    /** PEM certificates the provider's HTTPS is checked against; empty: the JVM's trust store. */
    PSC_CA_FILE("caducee.psc.caFile", Kind.PATH, null),
    // S/MIME (fr.caducee.identity.smime, fr.caducee.server.smime, docs/IDENTITY.md)
    /** The messages the server writes itself (DSNs, MDNs, notices, summaries) are signed. */
    SMIME_SIGN("caducee.smime.sign", Kind.FLAG, "true"),
    /** The operator's signing key and certificate (PKCS#12); empty: the development PKI's {@code pki/operator-signing.p12}. */
    SMIME_KEYSTORE("caducee.smime.keystore", Kind.PATH, null),
    /** The owner-only file holding the signing keystore's password. */
    SMIME_SECRET_FILE("caducee.smime.secretFile", Kind.PATH, null),
    /** The signing keystore's password. */
    SMIME_SECRET("caducee.smime.secret", Kind.SECRET, null, "CADUCEE_SMIME_SECRET", SMIME_SECRET_FILE),
    /** Incoming S/MIME signatures are checked against the trust anchors and the result recorded. */
    SMIME_VERIFY("caducee.smime.verify", Kind.FLAG, "true"),
    // Mail clients' autoconfiguration (fr.caducee.server.autoconfig, docs/IDENTITY.md), on the HTTPS API listener
    /** The host name clients are told to connect to; empty: the first of caducee.hostnames. */
    AUTOCONFIG_HOST("caducee.autoconfig.host", Kind.TEXT, ""),
    /**
     * The ports clients are told when they differ from the listeners' (a NAT or a port redirect in front):
     * {@code imaps=993,imap=143,submissions=465,submission=587,api=443}; {@code none} leaves a listener unadvertised.
     */
    AUTOCONFIG_PORTS("caducee.autoconfig.ports", Kind.TEXT, ""),
    // Publication of the boxes to the national directory (fr.caducee.identity.annuaire, fr.caducee.server.annuaire)
    /** The FHIR base of the API MSSanté (…/fhir/v2); empty: nothing is published. */
    ANNUAIRE_URL("caducee.annuaire.url", Kind.TEXT, ""),
    /** PEM certificates the API's HTTPS is checked against; empty: the JVM's trust store. */
    ANNUAIRE_CA_FILE("caducee.annuaire.caFile", Kind.PATH, null),
    /** The first retry's delay after a 5xx, a 429 or no answer... */
    ANNUAIRE_RETRY_SECONDS("caducee.annuaire.retrySeconds", Kind.DECIMAL, "60"),
    /** ...doubling at each attempt up to this. */
    ANNUAIRE_RETRY_MAX_SECONDS("caducee.annuaire.retryMaxSeconds", Kind.DECIMAL, "3600"),
    /** How long one request waits for the API's answer before it counts as not answered (and is sent again later). */
    ANNUAIRE_TIMEOUT_SECONDS("caducee.annuaire.timeoutSeconds", Kind.DECIMAL, "30"),
    /** The owner-only file holding the API key ANS gives the operator (header ESANTE-API-KEY, the OpenAPI's scheme). */
    ANNUAIRE_API_KEY_FILE("caducee.annuaire.apiKeyFile", Kind.PATH, null),
    /** The API key of the API MSSanté. */
    ANNUAIRE_API_KEY("caducee.annuaire.apiKey", Kind.SECRET, null, "CADUCEE_ANNUAIRE_API_KEY", ANNUAIRE_API_KEY_FILE),
    // Logs (james-config/logback.xml)
    /** {@code text} or {@code json} (one JSON object per line), on the console and in {@code <data>/log/caducee.log}. */
    LOG_FORMAT("caducee.log.format", Kind.TEXT, "text"),
    // Written by the server at start for James's XML and for the parts James builds; never by the operator
    /** The truststore rebuilt from the trust anchors at every start. */
    TLS_TRUSTSTORE("caducee.tls.truststore", Kind.SET_BY_SERVER, null),
    /** The development PKI's revocation list. */
    CRL_DEVELOPMENT("caducee.crl.development", Kind.SET_BY_SERVER, null),
    /** The operator key's public half, which WebAdmin tokens are checked against. */
    WEBADMIN_PUBLIC_KEY("caducee.webadmin.publicKey", Kind.SET_BY_SERVER, null);

    /** What a value must be; checked when the settings are read, so a mistake stops the start. */
    public enum Kind {
        TEXT, PATH, FLAG, WHOLE_NUMBER, DECIMAL, PORT,
        /** {@code host:port}; empty when the default is empty (the setting is then off) */
        HOST_PORT,
        /** read from a file named by another setting, or from the environment; never from the command line */
        SECRET,
        /** published by the server itself (from its TLS material, its operator key) */
        SET_BY_SERVER
    }

    /** Stands for the id in the key of a setting given once per id ({@link #perId()}). */
    public static final String ID = "<id>";
    private static final Pattern ID_SYNTAX = Pattern.compile("[A-Za-z0-9_-]+");

    private final String key;
    private final Kind kind;
    private final String defaultValue;
    private final String environmentVariable;
    private final Setting file;

    Setting(String key, Kind kind, String defaultValue) {
        this(key, kind, defaultValue, null, null);
    }

    Setting(String key, Kind kind, String defaultValue, String environmentVariable, Setting file) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.environmentVariable = environmentVariable;
        this.file = file;
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** Empty when the setting has no fixed default (the code derives one, or it is off). */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** For a secret: the environment variable it may be read from. */
    public Optional<String> environmentVariable() {
        return Optional.ofNullable(environmentVariable);
    }

    /** For a secret: the setting naming the owner-only file it may be read from. */
    public Optional<Setting> file() {
        return Optional.ofNullable(file);
    }

    public static Optional<Setting> withKey(String key) {
        return Arrays.stream(values()).filter(setting -> setting.key.equals(key)).findFirst();
    }

    /**
     * True for a setting given once per id, its key holding {@value #ID} ({@code caducee.gateway.hospital.<id>.box}):
     * such a setting has no value of its own, only one per id ({@link Settings#perId}).
     */
    public boolean perId() {
        return key.contains(ID);
    }

    /** This per-id setting's key for one id. */
    public String keyFor(String id) {
        if (!perId() || !ID_SYNTAX.matcher(id).matches()) {
            throw new IllegalArgumentException(key + " has no key for the id '" + id + "'");
        }
        return key.replace(ID, id);
    }

    /** The id a key names when it is this per-id setting's key for an id (letters, digits, {@code -}, {@code _}). */
    public Optional<String> idIn(String candidate) {
        if (!perId()) {
            return Optional.empty();
        }
        int at = key.indexOf(ID);
        String before = key.substring(0, at);
        String after = key.substring(at + ID.length());
        if (!candidate.startsWith(before) || !candidate.endsWith(after)
                || candidate.length() <= before.length() + after.length()) {
            return Optional.empty();
        }
        String id = candidate.substring(before.length(), candidate.length() - after.length());
        return ID_SYNTAX.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    /** The per-id setting whose key for some id this is. */
    public static Optional<Setting> perIdWithKey(String key) {
        return Arrays.stream(values()).filter(setting -> setting.idIn(key).isPresent()).findFirst();
    }

    @Override
    public String toString() {
        return key;
    }
}

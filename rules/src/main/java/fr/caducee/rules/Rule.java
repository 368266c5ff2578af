package fr.caducee.rules;

import java.util.List;
import java.util.Objects;

import fr.caducee.audit.Decision;
import fr.caducee.rules.smtp.SmtpRefusal;

/**
 * The catalogue of rules: every rule id the audit trail can name, with its reply, where it runs, the classes that
 * decide it and what it is for. Every refusal and every rule-named decision of the server takes its id from here;
 * docs/RULES.md's catalogue table is rendered from this enum ({@code RuleCatalogueTest} fails when they differ).
 *
 * <p>An id is what the audit trail has recorded since the rule exists: it never changes, even where a name reads
 * oddly now ({@code message-unreadable} is given with two replies, by two different checks). The IMAP guards and
 * WebAdmin's filter are in the server module, which depends on this one, so the catalogue sits here, next to
 * {@link SmtpRefusal}; the trust module, which the rules depend on, tells why a certificate failed as its own enum,
 * and {@code peers.PeerCertificateHook} names the rule.
 */
public enum Rule {
    // Transport: TLS, authentication, size and structure, the spool and the trail being writable.
    MX_REQUIRES_TLS("mx-requires-tls", "530", "5.7.0", Stage.MAIL, "rules.transport.TlsRequiredHook",
        "on the MX, a message before STARTTLS"),
    SUBMISSION_REQUIRES_AUTH("submission-requires-auth", "530", "5.7.0", Stage.MAIL,
        "rules.transport.AuthenticationRequiredHook", "on submission, a message before AUTH"),
    AUTH_REQUIRES_TLS("auth-requires-tls", "530", "5.7.0", Stage.AUTH, "rules.transport.TlsFirstAuthCmdHandler",
        "AUTH, any mechanism, before STARTTLS, refused before any credential is read"),
    AUTHENTICATION_FAILED("authentication-failed", "535", "5.7.8", Stage.AUTH, "rules.transport.AuthFailureHook",
        "a wrong box address or password"),
    TOO_MANY_RECIPIENTS("too-many-recipients", "452", "4.5.3", Stage.RCPT, "rules.transport.RecipientLimitHook",
        "a recipient beyond the limit per message (100 by default)"),
    MAIL_SYSTEM_FULL("mail-system-full", "452", "4.3.1", List.of(Stage.MAIL, Stage.DATA),
        List.of("rules.transport.StorageReserveHook"), "the disk is below its reserve: mail is deferred"),
    MESSAGE_TOO_BIG("message-too-big", "552", "5.3.4", Stage.DATA, "rules.smtp.MessageSizeLimit",
        "a message that grows past the size limit during DATA"),
    LINE_TOO_LONG("line-too-long", "554", "5.6.0", Stage.DATA, "rules.transport.LongLineHook",
        "a line over the length limit, so the message was not received whole"),
    MESSAGE_STRUCTURE("message-structure", "554", "5.6.0", Stage.DATA, "rules.transport.MessageStructureHook",
        "MIME nested too deep, too many parts, or too many header fields in one part"),
    HEADER_TOO_LONG("header-too-long", "554", "5.6.0", Stage.DATA, "rules.transport.MessageStructureHook",
        "a header field longer than the limit once its folded lines are joined (64 KB by default)"),
    MESSAGE_NOT_READ_BACK("message-unreadable", "451", "4.3.0", Stage.DATA, "rules.transport.MessageStructureHook",
        "the server could not read back the message it received"),
    SPOOL_UNAVAILABLE("spool-unavailable", "451", "4.3.0", Stage.DATA, "rules.smtp.SpoolingHandler",
        "the message could not be written to the spool"),
    AUDIT_UNAVAILABLE("audit-unavailable", "451", "4.3.0", Stage.DATA, "rules.smtp.SpoolingHandler",
        "the acceptance could not be recorded in the audit trail"),

    // Peers: the other operator's certificate and what the whitelist lists it for.
    PEER_WITHOUT_CERTIFICATE("peer-without-certificate", "530", "5.7.0", List.of(Stage.MAIL),
        List.of("rules.peers.PeerCertificateHook", "rules.peers.OperatorDnHook"),
        "on the MX, a peer that presented no certificate"),
    PEER_CERTIFICATE_UNTRUSTED("peer-certificate-untrusted", "550", "5.7.1", Stage.MAIL,
        "rules.peers.PeerCertificateHook", "a peer certificate that does not chain to a trust anchor"),
    PEER_CERTIFICATE_EXPIRED("peer-certificate-expired", "550", "5.7.1", Stage.MAIL,
        "rules.peers.PeerCertificateHook", "a peer certificate, or one of its CAs, expired"),
    PEER_CERTIFICATE_NOT_YET_VALID("peer-certificate-not-yet-valid", "550", "5.7.1", Stage.MAIL,
        "rules.peers.PeerCertificateHook", "a peer certificate, or one of its CAs, not valid yet"),
    PEER_CERTIFICATE_REVOKED("peer-certificate-revoked", "550", "5.7.1", Stage.MAIL,
        "rules.peers.PeerCertificateHook", "a peer certificate, or one of its CAs, on its CA's revocation list"),
    PEER_CERTIFICATE_REVOCATION_UNKNOWN("peer-certificate-revocation-unknown", "454", "4.7.0", Stage.MAIL,
        "rules.peers.PeerCertificateHook", "no current revocation list for the peer's CA: deferred, not refused"),
    PEER_CERTIFICATE_USAGE("peer-certificate-usage", "550", "5.7.1", Stage.MAIL, "rules.peers.PeerCertificateHook",
        "a peer certificate not issued for TLS client authentication"),
    PEER_DN_NOT_IN_WHITELIST("peer-dn-not-in-whitelist", "550", "5.7.1", Stage.MAIL, "rules.peers.OperatorDnHook",
        "a peer certificate DN the whitelist lists for no domain"),
    PEER_DN_NOT_LISTED_FOR_DOMAIN("peer-dn-not-listed-for-domain", "550", "5.7.1", Stage.MAIL,
        "rules.peers.OperatorDnHook", "a sender domain the whitelist lists another operator's certificate DN for"),
    SENDER_OUTSIDE_TRUST_SPACE("sender-outside-trust-space", "550", "5.7.1", Stage.MAIL,
        "rules.peers.WhitelistedSenderHook", "on the MX, a sender domain not on the national whitelist"),
    IDENTITY_HEADER_FAILED("identity-header-failed", "451", "4.3.0", List.of(Stage.DATA),
        List.of("rules.peers.PeerHeaderHook", "rules.senders.AuthenticatedHeaderHook"),
        "our identity header could not be written"),

    // Recipients: address syntax, the trust space, the directory.
    RECIPIENT_MALFORMED("recipient-malformed", "553", "5.1.3", List.of(Stage.RCPT),
        List.of("rules.recipients.RecipientAddressHook", "rules.recipients.RegisteredRecipientHook"),
        "relay tricks and malformed addresses (`%`, `!`, quoted local parts, source routes)"),
    RECIPIENT_INVALID_INS("recipient-invalid-ins", "550", "5.1.1", Stage.RCPT,
        "rules.recipients.RecipientAddressHook", "a patient address whose INS has a wrong key"),
    RECIPIENT_OUTSIDE_TRUST_SPACE("recipient-outside-trust-space", "550", "5.7.1", Stage.RCPT,
        "rules.recipients.TrustSpaceRecipientHook", "a remote recipient's domain not on the national whitelist"),
    DOMAIN_LIST_UNAVAILABLE("domain-list-unavailable", "451", "4.3.0", Stage.RCPT,
        "rules.recipients.TrustSpaceRecipientHook", "the list of local domains could not be read"),
    RECIPIENT_UNKNOWN("recipient-unknown", "550", "5.1.1", Stage.RCPT, "rules.recipients.RegisteredRecipientHook",
        "a local recipient that is no box of this operator"),
    RECIPIENT_UNKNOWN_PATIENT("recipient-unknown-patient", "550", "5.1.1", Stage.RCPT,
        "rules.recipients.RegisteredRecipientHook", "a patient address with no registered patient"),
    RECIPIENT_SUSPENDED("recipient-suspended", "550", "5.2.1", Stage.RCPT, "rules.recipients.RegisteredRecipientHook",
        "a suspended box"),
    DIRECTORY_UNAVAILABLE("directory-unavailable", "451", "4.4.3", List.of(Stage.MAIL, Stage.RCPT, Stage.DATA),
        List.of("rules.recipients.RegisteredRecipientHook", "rules.senders.SenderAuthorizationHook",
            "rules.senders.FromHeaderHook"),
        "the directory is unreachable and nothing is cached: try later"),

    // Senders: which boxes a login may send as.
    SENDER_LOCAL_UNAUTHENTICATED("sender-local-unauthenticated", "530", "5.7.0", List.of(Stage.MAIL, Stage.RCPT),
        List.of("rules.senders.SenderAuthorizationHook"), "an address of this operator as sender without a login"),
    SENDER_EMPTY("sender-empty", "550", "5.7.1", List.of(Stage.MAIL, Stage.RCPT),
        List.of("rules.senders.SenderAuthorizationHook"), "a logged-in client with the null sender"),
    SENDER_NOT_ALLOWED("sender-not-allowed", "550", "5.7.1", List.of(Stage.MAIL, Stage.RCPT),
        List.of("rules.senders.SenderAuthorizationHook"), "an envelope sender the login may not write as"),
    SENDER_MALFORMED("sender-malformed", "553", "5.1.7", List.of(Stage.MAIL, Stage.RCPT),
        List.of("rules.senders.SenderAuthorizationHook"), "an envelope sender that is not a valid box address"),
    FROM_HEADER_NOT_ALLOWED("from-header-not-allowed", "550", "5.7.1", Stage.DATA, "rules.senders.FromHeaderHook",
        "a `From:` missing or naming a box the login may not write as"),
    SENDER_HEADER_FAILED("sender-header-failed", "451", "4.3.0", Stage.DATA, "rules.senders.FromHeaderHook",
        "the `From:` or `Sender:` header could not be read or written"),
    FORGEABLE_HEADERS_FAILED("forgeable-headers-failed", "451", "4.3.0", Stage.DATA,
        "rules.senders.ForgeableHeadersHook", "our `X-Caducee-*` headers could not be removed on entry"),

    // Patients: whom a patient may write to, and conversations.
    PATIENT_TO_PATIENT("patient-to-patient", "550", "5.7.1", Stage.RCPT, "rules.patients.PatientRecipientHook",
        "a patient writing to another patient"),
    PATIENT_FIRST_CONTACT("patient-first-contact", "550", "5.7.1", Stage.RCPT, "rules.patients.PatientRecipientHook",
        "a patient writing first to a box, not an eligible pharmacist"),
    RECORD_BOX_FROM_PATIENT("record-box-from-patient", "550", "5.7.1", Stage.RCPT, "rules.patients.PatientRecipientHook",
        "a patient writing to the shared record's box, which takes deposits from professionals"),
    CONVERSATION_CLOSED("conversation-closed", "550", "5.7.1", List.of(Stage.RCPT, Stage.DATA),
        List.of("rules.patients.PatientRecipientHook", "rules.patients.PatientReplyHook"),
        "a patient replying to a closed conversation"),
    PATIENT_NOT_A_REPLY("patient-not-a-reply", "550", "5.7.1", Stage.DATA, "rules.patients.PatientReplyHook",
        "a patient's new message to a professional, replying to no conversation"),
    PATIENT_OUTSIDE_CONVERSATION("patient-outside-conversation", "550", "5.7.1", Stage.DATA,
        "rules.patients.PatientReplyHook", "a patient's reply also to someone outside the conversation"),
    PATIENT_SEVERAL_RECIPIENTS("patient-several-recipients", "550", "5.7.1", Stage.DATA,
        "rules.patients.PatientReplyHook", "a patient's first message to several professionals at once"),
    CONVERSATIONS_UNAVAILABLE("conversations-unavailable", "451", "4.3.0", List.of(Stage.RCPT, Stage.DATA),
        List.of("rules.patients.PatientRecipientHook", "rules.patients.PatientReplyHook",
            "rules.patients.ConversationTrackingHook"),
        "the conversation store is unreachable: try later"),
    MESSAGE_UNREADABLE("message-unreadable", "550", "5.6.0", List.of(Stage.DATA),
        List.of("rules.patients.PatientReplyHook", "rules.patients.ConversationTrackingHook"),
        "headers that cannot be read, so the conversation cannot be told"),
    PROFESSIONAL_WROTE("professional-wrote", Decision.CONVERSATION_OPENED, Stage.DATA,
        "rules.patients.ConversationTrackingHook", "a professional wrote to a patient: a conversation opens"),
    PHARMACIST_FIRST_CONTACT("pharmacist-first-contact", Decision.CONVERSATION_OPENED, Stage.DATA,
        "rules.patients.PatientReplyHook", "a patient wrote first to a pharmacist with a recent dispensing"),
    X_MSS_MES_FIN("x-mss-mes-fin", Decision.CONVERSATION_CLOSED, Stage.DATA,
        "rules.patients.ConversationTrackingHook", "a professional's message with `X-MSS-MES: FIN` closes it"),
    SUBJECT_FIN("subject-fin", Decision.CONVERSATION_CLOSED, Stage.DATA, "rules.patients.ConversationTrackingHook",
        "a professional's message whose subject begins with `[FIN]` closes it"),

    // Documents: the attached IHE_XDM.ZIP, its headers and its confidentiality codes.
    XDM_ARCHIVE_UNREADABLE("xdm-archive-unreadable", "550", "5.6.0", Stage.DATA,
        "rules.documents.DocumentHeadersHook", "an `IHE_XDM.ZIP` that is not a readable archive with metadata"),
    XDM_ARCHIVE_READ_FAILED("xdm-archive-read-failed", "451", "4.3.0", Stage.DATA,
        "rules.documents.DocumentHeadersHook", "the server could not read its copy of the archive"),
    DOCUMENT_INVISIBLE_TO_PATIENT("document-invisible-to-patient", "550", "5.7.1", List.of(Stage.DATA),
        List.of("rules.documents.Confidentiality", "rules.documents.DocumentHeadersHook"),
        "a document marked `INVISIBLE_PATIENT` to a patient's box"),
    DOCUMENT_MASKED_FROM_PROFESSIONALS("document-masked-from-professionals", "550", "5.7.1", List.of(Stage.DATA),
        List.of("rules.documents.Confidentiality", "rules.documents.DocumentHeadersHook"),
        "a document marked `MASQUE_PS` to a professional's box"),
    XDM_HEADERS_CONTRADICT_METADATA("xdm-headers-contradict-metadata", "550", "5.6.0", Stage.DATA,
        "rules.documents.DocumentHeadersHook",
        "`X-MSS-CODECDA` or `X-MSS-INS` contradicting `METADATA.XML`, an `X-MSS-INS` not `O`/`N`, no single `typeCode`"),
    DOCUMENT_HEADERS_FAILED("document-headers-failed", "451", "4.3.0", Stage.DATA,
        "rules.documents.DocumentHeadersHook", "the document headers could not be written"),

    // Delivery: the mail processor a failed message goes through names the rule of its bounce.
    REMOTE_DN_NOT_LISTED_FOR_DOMAIN("remote-dn-not-listed-for-domain", Decision.BOUNCED, Stage.DELIVERY,
        "rules.delivery.RemoteOperatorCheck",
        "nothing sent to a server whose certificate DN the whitelist does not list for the domain: DSN at once"),
    OUTSIDE_TRUST_SPACE("outside-trust-space", Decision.BOUNCED, Stage.DELIVERY,
        "rules.delivery.RecipientOutsideTrustSpace", "a recipient domain no longer whitelisted when relayed: DSN"),
    BOUNCES("bounces", Decision.BOUNCED, Stage.DELIVERY, "rules.audit.AuditBounced",
        "final failure of a relay, after the retries: DSN with the remote server's answer"),
    LOCAL_ADDRESS_ERROR("local-address-error", Decision.BOUNCED, Stage.DELIVERY, "rules.audit.AuditBounced",
        "no such local box at delivery: DSN"),
    ERROR("error", Decision.BOUNCED, Stage.DELIVERY, "rules.audit.AuditBounced",
        "a mailet failed (e.g. the store): the message is kept for the operator, DSN"),

    // Deposits to the shared record (server/records, its checks in records/deposit), refused in the receipt with
    // ANS's integration error code 900-906; records.deposit.DepositRules emits them, each id with its code.
    RECORD_MESSAGE_UNREADABLE("record-message-unreadable", 906, "server.records.RecordDeposit",
        "a message whose MIME structure cannot be read, so its `IHE_XDM.ZIP` cannot be found"),
    RECORD_NO_ARCHIVE("record-no-archive", 906, "server.records.RecordDeposit",
        "a message to the record's box carrying no `IHE_XDM.ZIP`: documents are deposited in one"),
    RECORD_SEVERAL_ARCHIVES("record-several-archives", 906, "server.records.RecordDeposit",
        "a message carrying more than one `IHE_XDM.ZIP`: one archive a message"),
    RECORD_ARCHIVE_UNREADABLE("record-archive-unreadable", 906, "records.deposit.ArchiveDepositCheck",
        "an `IHE_XDM.ZIP` that is not a ZIP archive, is truncated, or has an entry that cannot be inflated"),
    RECORD_ARCHIVE_TOO_LARGE("record-archive-too-large", 906, "records.deposit.ArchiveDepositCheck",
        "an archive over 32 MB or with more than 2,000 entries"),
    RECORD_DECOMPRESSION_BOMB("record-decompression-bomb", 906, "records.deposit.ArchiveDepositCheck",
        "a file of the archive inflating beyond its bound, or to more than 100 times its compressed size"),
    RECORD_PATH_TRAVERSAL("record-path-traversal", 906, "records.deposit.ArchiveDepositCheck",
        "an entry name or a document's `URI` that climbs out of the archive (`..`, a leading `/`, a drive letter, a "
            + "backslash)"),
    RECORD_DUPLICATE_ENTRY("record-duplicate-entry", 906, "records.deposit.ArchiveDepositCheck",
        "two entries of the archive with the same name, letter case aside"),
    RECORD_NO_METADATA("record-no-metadata", 906, "records.deposit.ArchiveDepositCheck",
        "no `IHE_XDM/<subset>/METADATA.XML`, or metadata declaring no document"),
    RECORD_METADATA_INCONSISTENT("record-metadata-inconsistent", 906, "records.deposit.ArchiveDepositCheck",
        "a metadata entry with two type codes, patient ids, unique ids or URIs"),
    RECORD_DOCUMENT_MISSING("record-document-missing", 906, "records.deposit.ArchiveDepositCheck",
        "a document entry whose `URI` names no file of the archive, or an XML entry with no `URI`"),
    RECORD_NOT_XML("record-not-xml", 906, "records.deposit.ArchiveDepositCheck",
        "metadata or a CDA that is not well-formed XML"),
    RECORD_DOCTYPE_REFUSED("record-doctype-refused", 906, "records.deposit.ArchiveDepositCheck",
        "metadata or a CDA declaring a DTD (`DOCTYPE`): no entity is ever expanded or fetched"),
    RECORD_NOT_CDA("record-not-cda", 906, "records.deposit.ArchiveDepositCheck",
        "XML that is not a CDA R2 `ClinicalDocument` with an `id` and a `code`, or a versionNumber that is not a whole "
            + "number"),
    RECORD_NO_CDA("record-no-cda", 906, "records.deposit.ArchiveDepositCheck",
        "an archive declaring no CDA document (an entry of an XML mimeType, signatures aside)"),
    RECORD_DUPLICATE_DOCUMENT("record-duplicate-document", 906, "records.deposit.ArchiveDepositCheck",
        "the same CDA twice in one archive"),
    RECORD_UNIQUE_ID_MISMATCH("record-unique-id-mismatch", 906, "records.deposit.ArchiveDepositCheck",
        "a metadata entry whose uniqueId is not its CDA's id"),
    RECORD_TWO_PATIENTS("record-two-patients", 906, "records.deposit.ArchiveDepositCheck",
        "documents for two patients in one archive, or a CDA with two `recordTarget`: one patient a message"),
    RECORD_UNIQUE_ID_REUSED("record-unique-id-reused", 906, "server.records.JdbcRecordStore",
        "a unique id the record holds with other bytes: each version needs its own `ClinicalDocument/id`"),
    RECORD_CHECK_FAILED("record-check-failed", 906, "server.records.RecordDeposit",
        "the checks themselves failed, a fault of the server (logged with its details): the sender writes to support "
            + "with the Message-ID"),
    RECORD_NO_INS("record-no-ins", 903, "records.deposit.PatientCheck",
        "a CDA whose `recordTarget/patientRole/id` has no INS root (NIR, NIA, test or demo OID)"),
    RECORD_INS_WITHOUT_OID("record-ins-without-oid", 905, "records.deposit.PatientCheck",
        "a valid INS matricule under a root that is not an INS OID"),
    RECORD_INS_INVALID("record-ins-invalid", 905, "records.deposit.PatientCheck",
        "an INS matricule that is not valid: wrong length (a NIR without its key), wrong key"),
    RECORD_INS_TRAITS_MISSING("record-ins-traits-missing", 905, "records.deposit.PatientCheck",
        "an INS without the patient's birth family name, given names, birth date or sex"),
    RECORD_INS_MISMATCH("record-ins-mismatch", 904, "records.deposit.PatientCheck",
        "the metadata's patient id is an INS other than the CDA's"),
    RECORD_PATIENT_TRAITS_MISMATCH("record-patient-traits-mismatch", 904, "records.deposit.PatientCheck",
        "a CDA whose patient's last name or birth date contradicts the patient registered with that INS"),
    RECORD_OTHER_PATIENTS_DOCUMENT("record-other-patients-document", 904, "records.deposit.VersionCheck",
        "a replacement or withdrawal acting on a document of another patient's record: check the INS"),
    RECORD_PATIENT_UNKNOWN("record-patient-unknown", 902, "records.deposit.PatientCheck",
        "an INS of no patient registered with this operator"),
    RECORD_AUTHOR_UNIDENTIFIED("record-author-unidentified", 901, "records.deposit.ArchiveDepositCheck",
        "a CDA naming no author by national id (`author/assignedAuthor/id`, root `1.2.250.1.71.4.2.1`)"),
    RECORD_AUTHOR_INVALID("record-author-invalid", 901, "records.deposit.ArchiveDepositCheck",
        "an author's national id that is not a valid RPPS (8 + 11 digits) or ADELI (0 + 9 digits)"),
    RECORD_AUTHOR_UNKNOWN("record-author-unknown", 901, "records.deposit.ArchiveDepositCheck",
        "an author who is no professional of the directory"),
    RECORD_AUTHOR_NOT_ALLOWED("record-author-not-allowed", 901, "records.deposit.VersionCheck",
        "a replacement or withdrawal by neither the version's author nor their organisation (the box that deposited "
            + "it, or its structure)"),
    RECORD_VERSION_UNKNOWN("record-version-unknown", 900, "records.deposit.VersionCheck",
        "a replacement or withdrawal of a version the record does not hold"),
    RECORD_VERSION_NOT_CURRENT("record-version-not-current", 900,
        List.of("records.deposit.VersionCheck", "server.records.JdbcRecordStore"),
        "a replacement or withdrawal of a version superseded or withdrawn (before or during the deposit), or a new "
            + "version in another set"),
    RECORD_VERSION_NUMBER("record-version-number", 900, "records.deposit.VersionCheck",
        "a new version whose `versionNumber` is not above the one it replaces: number it one more"),
    RECORD_SET_EXISTS("record-set-exists", 900,
        List.of("records.deposit.VersionCheck", "server.records.JdbcRecordStore"),
        "a new document starting a set that already has a current version: send it as a replacement (`RPLC`)"),

    // IMAP and WebAdmin, in the server module.
    IMAP_LOGIN_REQUIRES_TLS("imap-login-requires-tls", "NO", "[PRIVACYREQUIRED]", Stage.IMAP,
        "server.imap.TlsFirstLoginGuard", "LOGIN or AUTHENTICATE before STARTTLS, before any credential is read"),
    IMAP_LITERAL_TOO_LARGE("imap-literal-too-large", "NO", "[TOOBIG]", Stage.IMAP, "server.imap.CommandGuard",
        "a command announcing literals over the limit (`BAD` for a negative size)"),
    IMAP_NESTING_TOO_DEEP("imap-nesting-too-deep", "BAD", "", Stage.IMAP, "server.imap.CommandGuard",
        "a command nesting parentheses too deep"),
    IMAP_READ_ONLY("imap-read-only", "NO", "[READ-ONLY]", Stage.IMAP, "server.imap.ReadOnlySelectionGuard",
        "a change to a mailbox opened with EXAMINE"),
    WEBADMIN_UNAUTHENTICATED("webadmin-unauthenticated", "401", "", Stage.WEBADMIN, "server.webadmin.AdminTokenFilter",
        "a WebAdmin request without a valid token signed with the operator key"),
    WEBADMIN_TOKEN_SCOPE("webadmin-token-scope", "403", "", Stage.WEBADMIN, "server.webadmin.AdminTokenFilter",
        "a metrics token (scope metrics, for Prometheus) on a WebAdmin route other than GET /metrics"),
    // Who represents whom in the directory: a legal representative opens the patient's box in the webmail, so each
    // change is traced with the administrator who made it and both patients' boxes.
    REPRESENTATIVE_ADDED("representative-added", Decision.DIRECTORY_CHANGED, Stage.WEBADMIN,
        "server.directory.RepresentativeRoutes", "a patient recorded as another patient's legal representative"),
    REPRESENTATIVE_REMOVED("representative-removed", Decision.DIRECTORY_CHANGED, Stage.WEBADMIN,
        "server.directory.RepresentativeRoutes", "a legal representative removed: they no longer open the patient's box"),
    // The server's TLS material reloaded without a restart (docs/TRUST.md, "Reloading certificates and trust").
    TLS_RELOADED("tls-reloaded", Decision.TLS_RELOADED, Stage.WEBADMIN, "server.tls.TlsReload",
        "a new server certificate, trust anchors and revocation lists put in force for the next handshakes"),
    TLS_RELOAD_REFUSED("tls-reload-refused", "400", "", Stage.WEBADMIN, "server.tls.TlsReload",
        "a reload whose keystore, anchors or revocation lists cannot be used: the material in force stays"),
    // An operator working the queues and the mail repositories (caducee queue, caducee repository): each change is
    // traced with the token's subject and the mails' names.
    QUEUE_HELD("queue-held", Decision.OPERATOR_ACTION, Stage.WEBADMIN, "server.queue.QueueRoutes",
        "mails held in their queue by the operator: neither delivered nor retried until released"),
    QUEUE_RELEASED("queue-released", Decision.OPERATOR_ACTION, Stage.WEBADMIN, "server.queue.QueueRoutes",
        "held mails released by the operator: delivered when due"),
    QUEUE_FLUSHED("queue-flushed", Decision.OPERATOR_ACTION, Stage.WEBADMIN, "server.queue.QueueRoutes",
        "mails waiting for a later attempt made due now by the operator"),
    QUEUE_DELETED("queue-deleted", Decision.OPERATOR_ACTION, Stage.WEBADMIN, "server.queue.QueueRoutes",
        "mails deleted from their queue by the operator: never delivered, nobody told"),
    MAIL_ADMINISTERED("mail-administered", Decision.OPERATOR_ACTION, Stage.WEBADMIN, "server.queue.MailRoutesAudit",
        "a change through James's own queue or repository routes (/mailQueues, /mailRepositories: reprocess, "
            + "delete, clear, flush) answered 2xx: the method, path and answer"),

    // The HTTPS API (server/api) and the shared record on it (server/records/api; its decisions in records/access).
    API_AUTHENTICATION_FAILED("api-authentication-failed", "401", "", Stage.API, "server.api.CallerAuthentication",
        "no credential, a wrong box address or password, or a client certificate not valid or naming no active box here"),
    API_PATIENT_PASSWORD("api-patient-password", "401", "", Stage.API, "server.api.CallerAuthentication",
        "a patient's password over the API, where no second factor can be asked: patients read their record in the "
            + "webmail (allowed with caducee.patients.mailClients=true)"),
    API_NO_SUCH_RESOURCE("api-no-such-resource", "404", "", Stage.API, "server.api.ApiListener",
        "a path no resource of the API serves"),
    API_QUERY_UNREADABLE("api-query-unreadable", "400", "", Stage.API, "server.api.ApiListener",
        "a query string that is not URL-encoded correctly"),
    API_PARAMETER_UNKNOWN("api-parameter-unknown", "400", "", Stage.API, "server.api.ApiCall",
        "a parameter the resource does not take (a misspelt filter must not widen a search)"),
    API_PARAMETER_REPEATED("api-parameter-repeated", "400", "", Stage.API, "server.api.ApiCall",
        "a parameter given twice where it is taken once"),
    API_BODY_TOO_LARGE("api-body-too-large", "413", "", Stage.API, "server.api.ApiListener",
        "a request body over 64 KB"),
    API_METHOD_NOT_ALLOWED("api-method-not-allowed", "405", "", List.of(Stage.API),
        List.of("server.records.api.DocumentReferenceResource", "server.records.api.BinaryResource",
            "server.records.api.AccessLogResource", "server.api.ApiCall", "server.autoconfig.AutoconfigRoutes"),
        "a method the resource does not answer"),
    API_FORMAT_UNSUPPORTED("api-format-unsupported", "400", "", Stage.API,
        "server.records.api.DocumentReferenceResource", "a _format other than JSON"),
    API_DIRECTORY_UNAVAILABLE("api-directory-unavailable", "503", "", Stage.API, "server.api.ApiListener",
        "the directory could not be reached to tell or resolve the caller"),
    API_AUDIT_UNAVAILABLE("api-audit-unavailable", "503", "", Stage.API, "server.api.ApiListener",
        "the audit trail could not record the request: nothing is answered (nor recorded)"),
    API_INTERNAL_ERROR("api-internal-error", "500", "", Stage.API, "server.api.ApiListener",
        "an unexpected failure, logged with its details, answered without them"),
    API_ED_NOTIFICATIONS_FORBIDDEN("api-ed-notifications-forbidden", "403", "", Stage.API,
        "server.gateway.EdOutcomesResource", "a hospital's arrivals at the emergency department asked by a box that is "
            + "neither its information system's nor its emergency department's (or one of that box's members)"),
    API_ED_NOTIFICATIONS_QUERY("api-ed-notifications-query", "400", "", Stage.API, "server.gateway.EdOutcomesResource",
        "the arrivals at the emergency department asked without a day, or with a day not written YYYY-MM-DD"),
    API_ED_NOTIFICATIONS_UNAVAILABLE("api-ed-notifications-unavailable", "503", "", Stage.API,
        "server.gateway.EdOutcomesResource", "the gateway's tables could not be read: nothing is answered"),
    RECORD_READER_NOT_NOMINATIVE("record-reader-not-nominative", "403", "", Stage.API,
        "server.records.api.RecordReaders", "a team's (ORG) box reading a record: an access is traced to a person"),
    RECORD_PROFESSION_MATRIX("record-profession-matrix", "403", "", Stage.API, "records.access.AccessRules",
        "a document type the authorisation matrix does not give the reader's profession, outside an emergency"),
    RECORD_READER_BLOCKED("record-reader-blocked", "403", "", Stage.API, "records.access.AccessRules",
        "a professional the patient blocked, in every mode"),
    RECORD_EMERGENCY_UNJUSTIFIED("record-emergency-unjustified", "400", "", Stage.API, "records.access.AccessRules",
        "an emergency or regulator access without a justification, or one over 1,000 characters"),
    RECORD_EMERGENCY_REFUSED("record-emergency-refused", "403", "", Stage.API, "records.access.AccessRules",
        "an emergency or regulator access to the record of a patient who refused emergency access"),
    RECORD_NOT_REGULATOR("record-not-regulator", "403", "", Stage.API, "records.access.AccessRules",
        "regulator access by a box not attached to a listed emergency call centre (SAMU-Centre 15)"),
    RECORD_OTHER_PATIENT("record-other-patient", "403", "", Stage.API, "records.access.AccessRules",
        "a patient searching another patient's record"),
    RECORD_MODE_NOT_FOR_PATIENT("record-mode-not-for-patient", "400", "", Stage.API, "records.access.AccessRules",
        "a patient declaring an emergency or regulator access"),
    RECORD_MODE_NOT_FOR_SOFTWARE("record-mode-not-for-software", "403", "", Stage.API, "records.access.AccessRules",
        "software (an APP box) declaring an emergency or regulator access"),
    RECORD_MODE_UNKNOWN("record-mode-unknown", "400", "", List.of(Stage.API),
        List.of("server.records.api.AccessRequests", "records.access.AccessRules"),
        "an X-Access-Mode other than normal, emergency or regulator"),
    RECORD_NO_SUCH_DOCUMENT("record-no-such-document", "404", "", List.of(Stage.API),
        List.of("server.records.api.BinaryResource", "server.records.api.DocumentReferenceResource"), "a document that does not exist, was deleted, or that the reader may not see (not told apart)"),
    RECORD_PATIENT_MISSING("record-patient-missing", "400", "", Stage.API,
        "server.records.api.DocumentReferenceResource", "a search naming no patient"),
    RECORD_PATIENT_IDENTIFIER("record-patient-identifier", "400", "", List.of(Stage.API),
        List.of("server.records.api.DocumentReferenceResource", "server.records.api.AccessLogResource"),
        "a patient identifier that is not an INS with one of the INS OIDs"),
    RECORD_STATUS_UNKNOWN("record-status-unknown", "400", "", Stage.API,
        "server.records.api.DocumentReferenceResource", "a status other than current or superseded"),
    RECORD_TYPE_SYSTEM("record-type-system", "400", "", Stage.API, "server.records.api.DocumentReferenceResource",
        "a document type that is not a LOINC code"),
    RECORD_DATE_UNREADABLE("record-date-unreadable", "400", "", Stage.API,
        "server.records.api.DocumentReferenceResource", "a date filter that is not a prefix and a date or instant"),
    RECORD_LOG_NOT_YOURS("record-log-not-yours", "403", "", Stage.API, "server.records.api.AccessLogResource",
        "the access log read by someone other than the patient or their declared GP"),
    RECORD_SETTINGS_PATIENT_ONLY("record-settings-patient-only", "403", "", Stage.API,
        "server.records.api.PatientSettingsResource", "a record's settings read or changed by anyone but its patient"),
    RECORD_SETTINGS_UNKNOWN("record-settings-unknown", "404", "", Stage.API,
        "server.records.api.PatientSettingsResource", "a setting that does not exist"),
    RECORD_SETTINGS_BODY("record-settings-body", "400", "", Stage.API, "server.records.api.PatientSettingsResource",
        "a setting's body that is not the JSON it takes"),
    RECEIPTS_NOT_YOUR_BOX("receipts-not-your-box", "403", "", Stage.API, "server.receipts.ReceiptsResource",
        "the receipts of a box the caller may not send as"),
    RECEIPTS_QUERY_INCOMPLETE("receipts-query-incomplete", "400", "", Stage.API, "server.receipts.ReceiptsResource",
        "a receipts query without the message's Message-ID"),
    RECEIPTS_UNKNOWN_MESSAGE("receipts-unknown-message", "404", "", Stage.API, "server.receipts.ReceiptsResource",
        "a Message-ID the box did not send through this server"),
    RECORD_SETTINGS_IDNAT("record-settings-idnat", "400", "", Stage.API, "server.records.api.PatientSettingsResource",
        "a GP or blocked professional whose idNat is not valid"),
    RECORD_SEARCH_NORMAL("record-search-normal", Decision.RECORD_ACCESSED, Stage.API, "server.records.api.AccessTrace",
        "a professional or software searched a record within the rules"),
    RECORD_SEARCH_EMERGENCY("record-search-emergency", Decision.RECORD_ACCESSED, Stage.API,
        "server.records.api.AccessTrace", "a professional searched a record in an emergency, with a justification"),
    RECORD_SEARCH_REGULATOR("record-search-regulator", Decision.RECORD_ACCESSED, Stage.API,
        "server.records.api.AccessTrace", "a regulator of an emergency call centre searched a record"),
    RECORD_SEARCH_PATIENT("record-search-patient", Decision.RECORD_ACCESSED, Stage.API,
        "server.records.api.AccessTrace", "a patient searched their own record"),
    RECORD_READ_NORMAL("record-read-normal", Decision.RECORD_ACCESSED, Stage.API, "server.records.api.AccessTrace",
        "a professional or software read a document within the rules"),
    RECORD_READ_EMERGENCY("record-read-emergency", Decision.RECORD_ACCESSED, Stage.API,
        "server.records.api.AccessTrace", "a professional read a document in an emergency, with a justification"),
    RECORD_READ_REGULATOR("record-read-regulator", Decision.RECORD_ACCESSED, Stage.API,
        "server.records.api.AccessTrace", "a regulator of an emergency call centre read a document"),
    RECORD_READ_PATIENT("record-read-patient", Decision.RECORD_ACCESSED, Stage.API,
        "server.records.api.AccessTrace", "a patient read a document of their own record"),
    RECORD_LOG_READ("record-log-read", Decision.RECORD_ACCESSED, Stage.API, "server.records.api.AccessLogResource",
        "the patient or their GP read the record's access log"),
    RECORD_SETTINGS_CHANGED("record-settings-changed", Decision.RECORD_ACCESSED, Stage.API,
        "server.records.api.PatientSettingsResource", "the patient changed a setting of their record"),

    // The patient webmail (webmail/, its listener and ports in server/webmail). Refusals are pages in French with
    // the status, the rule id and a sentence; what a patient does there is traced with the patient as login.
    PATIENT_MAIL_CLIENT("patient-mail-client", "535", "5.7.8", List.of(Stage.AUTH, Stage.IMAP),
        List.of("server.directory.DirectoryUsersRepository"),
        "a patient's password at IMAP or SMTP, where no second factor can be asked: patients use the webmail"),
    WEBMAIL_LOGIN_FAILED("webmail-login-failed", "401", "", Stage.WEBMAIL, "webmail.login.PasswordStep",
        "a wrong patient address or password"),
    WEBMAIL_SECOND_FACTOR_FAILED("webmail-second-factor-failed", "401", "", Stage.WEBMAIL, "webmail.login.TotpStep",
        "a wrong, reused or expired TOTP code or recovery code"),
    WEBMAIL_LOCKED_OUT("webmail-locked-out", "429", "", Stage.WEBMAIL, "webmail.login.Lockout",
        "a login attempt while the address is locked after failed attempts (the wait doubles each time)"),
    WEBMAIL_SESSION_EXPIRED("webmail-session-expired", "401", "", Stage.WEBMAIL, "webmail.session.Sessions",
        "a page asked with a session that timed out, was closed, or never existed"),
    WEBMAIL_SESSION_MISMATCH("webmail-session-mismatch", "401", "", Stage.WEBMAIL, "webmail.session.Sessions",
        "a session cookie presented by another browser or from another address: the session is closed"),
    WEBMAIL_FORGED_REQUEST("webmail-forged-request", "403", "", Stage.WEBMAIL, "webmail.session.CsrfGuard",
        "a form posted without this session's token, or from another site"),
    WEBMAIL_NOT_FOUND("webmail-not-found", "404", "", List.of(Stage.WEBMAIL),
        List.of("webmail.mail.ConversationPages", "webmail.record.RecordPages"),
        "a conversation, message, attachment or document that is not in the open box (another patient's: not told apart)"),
    WEBMAIL_FORM_INVALID("webmail-form-invalid", "400", "", Stage.WEBMAIL, "webmail.web.Form",
        "a form with a missing, repeated or unreadable field"),
    WEBMAIL_UPLOAD_TOO_LARGE("webmail-upload-too-large", "413", "", Stage.WEBMAIL, "webmail.mail.Uploads",
        "attachments over the configured size"),
    WEBMAIL_UPLOAD_TYPE("webmail-upload-type", "415", "", Stage.WEBMAIL, "webmail.mail.Uploads",
        "an attachment whose content is not a PDF, JPEG or PNG, whatever its name says"),
    WEBMAIL_PASSWORD_REFUSED("webmail-password-refused", "400", "", Stage.WEBMAIL, "webmail.login.PasswordChange",
        "a password change with a wrong current password, or a new one too short or too common"),
    WEBMAIL_NOT_REPRESENTATIVE("webmail-not-representative", "403", "", Stage.WEBMAIL, "webmail.session.OpenBox",
        "a box opened by a patient the directory does not record as its legal representative"),
    WEBMAIL_SEND_UNAVAILABLE("webmail-send-unavailable", "503", "", Stage.WEBMAIL, "server.webmail.SubmissionOutbox",
        "the submission listener could not be reached or did not answer: nothing was sent"),
    WEBMAIL_UNAVAILABLE("webmail-unavailable", "503", "", Stage.WEBMAIL, "webmail.WebmailHandler",
        "the directory, the database or the audit trail could not be reached"),
    WEBMAIL_INTERNAL_ERROR("webmail-internal-error", "500", "", Stage.WEBMAIL, "webmail.WebmailHandler",
        "an unexpected failure, logged with its details, shown without them"),
    WEBMAIL_LOGGED_IN("webmail-logged-in", Decision.WEBMAIL_ACTION, Stage.WEBMAIL, "webmail.login.LoginFlow",
        "a patient logged in with their password and second factor"),
    WEBMAIL_LOGGED_OUT("webmail-logged-out", Decision.WEBMAIL_ACTION, Stage.WEBMAIL, "webmail.session.Sessions",
        "a session ended: logout, idle or absolute timeout"),
    WEBMAIL_FACTOR_ENROLLED("webmail-second-factor-enrolled", Decision.WEBMAIL_ACTION, Stage.WEBMAIL,
        "webmail.login.TotpStep", "a patient enrolled their authenticator app and received recovery codes"),
    WEBMAIL_RECOVERY_CODE_USED("webmail-recovery-code-used", Decision.WEBMAIL_ACTION, Stage.WEBMAIL,
        "webmail.login.TotpStep", "a patient logged in with a recovery code, which is now spent"),
    WEBMAIL_PASSWORD_CHANGED("webmail-password-changed", Decision.WEBMAIL_ACTION, Stage.WEBMAIL,
        "webmail.login.PasswordChange", "a patient changed their password"),
    WEBMAIL_BOX_OPENED("webmail-box-opened", Decision.WEBMAIL_ACTION, Stage.WEBMAIL, "webmail.session.OpenBox",
        "a legal representative opened the box of the patient they represent"),
    WEBMAIL_READ("webmail-read", Decision.WEBMAIL_ACTION, Stage.WEBMAIL, "webmail.mail.ConversationPages",
        "a conversation opened or an attachment downloaded"),
    WEBMAIL_SETTINGS_CHANGED("webmail-settings-changed", Decision.WEBMAIL_ACTION, Stage.WEBMAIL,
        "webmail.record.SettingsPages", "the notification address or a choice about the record changed"),
    WEBMAIL_NOTICE_SENT("webmail-notice-sent", Decision.WEBMAIL_ACTION, Stage.DELIVERY,
        "server.webmail.NoticeRelay", "a notice without health data sent to the patient's personal address"),
    // The hospital gateway (HL7 v2 over MLLP): the reply is the acknowledgement's MSA-1 (AE: do not resend as it is;
    // AR: resend later), the code the ERR-3 condition of HL7 table 0357.
    HL7_FRAMING("hl7-framing", "AE", "100", Stage.GATEWAY, "gateway.mllp.MllpReader",
        "bytes outside an MLLP frame (0x0B ... 0x1C 0x0D), or a frame the connection closed before its end"),
    HL7_TOO_LARGE("hl7-too-large", "AE", "207", Stage.GATEWAY, "gateway.mllp.MllpReader",
        "an MLLP frame larger than caducee.gateway.maxMessageBytes: the rest is read and dropped, the frame refused"),
    HL7_UNPARSEABLE("hl7-unparseable", "AE", "102", Stage.GATEWAY, "gateway.message.Hl7Reader",
        "a frame that is not an HL7 v2 message HAPI can parse (no MSH, bad delimiters, a field of the wrong type)"),
    HL7_ENCODING_MISMATCH("hl7-encoding-mismatch", "AE", "102", Stage.GATEWAY, "gateway.message.Hl7Reader",
        "bytes that are not valid in the character set MSH-18 declares (or an MSH-18 naming no known set)"),
    HL7_UNSUPPORTED_VERSION("hl7-unsupported-version", "AE", "203", Stage.GATEWAY, "gateway.message.Hl7Reader",
        "an MSH-12 version other than 2.5 and 2.5.1 (IHE PAM France, ORU^R01) or 2.6 (MDM^T02)"),
    HL7_UNSUPPORTED_TYPE("hl7-unsupported-message-type", "AE", "200", Stage.GATEWAY, "gateway.message.Hl7Reader",
        "a message type the gateway does not take (it takes ADT, ORU^R01 and MDM^T02/T04/T10)"),
    HL7_REQUIRED_FIELD("hl7-required-field-missing", "AE", "101", List.of(Stage.GATEWAY),
        List.of("gateway.admission.AdmissionReader", "gateway.report.DocumentReader"),
        "a field the gateway needs is empty: MSH-10, the patient's INS in PID-3 for a document, the document itself"),
    HL7_DOCUMENT_UNREADABLE("hl7-document-unreadable", "AE", "102", Stage.GATEWAY, "gateway.report.DocumentReader",
        "an OBX document that is not Base64, or not a CDA R2 document the record could read"),
    HL7_INCONSISTENT("hl7-inconsistent-message", "AE", "207", Stage.GATEWAY, "gateway.report.DocumentReader",
        "fields that contradict each other: a document hidden from the patient or masked from professionals sent to "
            + "them, OBX-11 against ORC-1 or the MDM event, a patient recipient other than PID's patient"),
    HL7_PEER_UNKNOWN("hl7-peer-unknown", "AE", "204", Stage.GATEWAY, "server.gateway.HospitalPeers",
        "a client certificate that names no hospital's application box declared to the gateway"),
    HL7_FACILITY_NOT_ALLOWED("hl7-facility-not-allowed", "AE", "204", Stage.GATEWAY, "server.gateway.HospitalPeers",
        "an MSH-4 sending facility (FINESS) that is not the peer's: not its box's structure nor one declared for it"),
    HL7_DEPENDENCY_UNAVAILABLE("hl7-dependency-unavailable", "AR", "207", Stage.GATEWAY, "gateway.Gateway",
        "the directory, the database or the submission listener cannot be reached: nothing was done, send it again"),
    HL7_INTERNAL_ERROR("hl7-internal-error", "AE", "207", Stage.GATEWAY, "gateway.Gateway",
        "the message could not be handled for a reason of ours: the operator's support has its MSH-10"),
    ED_GP_NOTIFIED("ed-gp-notified", Decision.ED_ARRIVAL, Stage.GATEWAY, "gateway.admission.EdNotifications",
        "the GP's box accepted the notice of their patient's arrival at the emergency department (SENT)"),
    ED_NO_GP("ed-no-gp", Decision.ED_ARRIVAL, Stage.GATEWAY, "gateway.admission.EdNotifications",
        "the admission names no GP (no ROL ODRP, no PD1-4): nobody to tell (NO_GP)"),
    ED_GP_UNKNOWN("ed-gp-unknown", Decision.ED_ARRIVAL, Stage.GATEWAY, "gateway.admission.EdNotifications",
        "the GP's RPPS or ADELI is not in the directory (GP_UNKNOWN)"),
    ED_GP_NO_BOX("ed-gp-no-box", Decision.ED_ARRIVAL, Stage.GATEWAY, "gateway.admission.EdNotifications",
        "the GP is in the directory but holds no PER box (GP_NO_BOX)"),
    ED_GP_BOX_SUSPENDED("ed-gp-box-suspended", Decision.ED_ARRIVAL, Stage.GATEWAY,
        "gateway.admission.EdNotifications", "the GP's only PER boxes are suspended (GP_BOX_SUSPENDED)"),
    ED_NOTICE_REFUSED("ed-notice-refused", Decision.ED_ARRIVAL, Stage.GATEWAY, "gateway.admission.EdNotifications",
        "the submission chain refused the notice (its rule is in the reason): the outcome says why, never silent"),
    ED_CANCELLED("ed-cancelled", Decision.ED_ARRIVAL, Stage.GATEWAY, "gateway.admission.EdNotifications",
        "the admission was cancelled (A11, A13): a correction went to the GP when a notice had left (CANCELLED)"),
    ED_NOTIFICATIONS_READ("ed-notifications-read", Decision.GATEWAY_READ, "", "", List.of(Stage.API, Stage.WEBADMIN),
        List.of("server.gateway.EdOutcomes"), "a hospital's arrivals of one day read over the API (by the hospital) or "
            + "WebAdmin (by the operator): they name patients, so every read is traced"),
    GATEWAY_DUPLICATE_SUPPRESSED("gateway-duplicate-suppressed", Decision.SUPPRESSED, Stage.DELIVERY,
        "server.gateway.GatewayDuplicates", "a message the gateway submitted again after a crash, already in the "
            + "spool under the same Message-ID: the second copy is not delivered"),

    // Sector identity (docs/IDENTITY.md): Pro Santé Connect tokens, certificates, delegated logins; SMTP answers
    // 535 5.7.8 / 454 4.7.0, IMAP NO [AUTHENTICATIONFAILED] / NO [UNAVAILABLE].
    PSC_TOKEN_MALFORMED("psc-token-malformed", "535", "5.7.8", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.psc.PscTokenVerifier"), "an OAUTHBEARER or XOAUTH2 response that is not one, or a token that "
            + "is not a signed JWT (alg none included)"),
    PSC_TOKEN_SIGNATURE("psc-token-signature", "535", "5.7.8", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.psc.PscTokenVerifier"), "a token not signed by a key of the provider's JWKS, or from "
            + "another issuer"),
    PSC_TOKEN_EXPIRED("psc-token-expired", "535", "5.7.8", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.psc.PscTokenVerifier"), "a token past its expiry (or not valid yet), beyond the allowed "
            + "clock skew: the client must get a new one"),
    PSC_TOKEN_AUDIENCE("psc-token-audience", "535", "5.7.8", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.psc.PscTokenVerifier"), "a token issued to a client (aud, azp) that is not among the "
            + "practice software allowed by caducee.psc.clients"),
    PSC_TOKEN_LEVEL("psc-token-level", "535", "5.7.8", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.psc.PscTokenVerifier"), "a token whose authentication level (acr) is not the one required "
            + "(caducee.psc.acr, eidas1 for Pro Santé Connect)"),
    PSC_TOKEN_INACTIVE("psc-token-inactive", "535", "5.7.8", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.psc.PscTokenVerifier"), "a token the provider's introspection says is not active (revoked, "
            + "logged out)"),
    LOGIN_NO_BOX("login-no-box", "535", "5.7.8", List.of(Stage.AUTH, Stage.IMAP), List.of("identity.login.BoxChoice"),
        "a professional authenticated by token who holds no box here, or asks for a box they may not open (another "
            + "professional's, an ORG box they are not a member of, an application box)"),
    LOGIN_UNAVAILABLE("login-unavailable", "454", "4.7.0", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.login.SectorLogins"), "the identity provider (keys, introspection) or the directory cannot "
            + "be reached: nothing was decided, try again"),
    CERTIFICATE_LOGIN_REFUSED("certificate-login-refused", "535", "5.7.8", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.login.CertificateLogins"), "SASL EXTERNAL without a client certificate, with one that does "
            + "not chain to the anchors or is revoked, or with one bound to no active application box"),
    DELEGATED_LOGIN_REFUSED("delegated-login-refused", "535", "5.7.8", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.login.DelegatedLogin"), "a login box*member whose member may not open the box (not its "
            + "responsible nor a member, or not an ORG, PER or CAB box of theirs), or whose password is wrong"),
    PSC_LOGIN("psc-login", Decision.LOGGED_IN, "", "", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.login.SectorLogins"), "a professional opened a box with a Pro Santé Connect token "
            + "(via psc; the reason names their idNat)"),
    CERTIFICATE_LOGIN("certificate-login", Decision.LOGGED_IN, "", "", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.login.SectorLogins"), "software opened its application box with its client certificate "
            + "(SASL EXTERNAL)"),
    DELEGATED_LOGIN("delegated-login", Decision.LOGGED_IN, "", "", List.of(Stage.AUTH, Stage.IMAP),
        List.of("identity.login.SectorLogins"), "a professional opened an ORG box as its member or responsible, with "
            + "their own password (login box*member)"),
    AUTOCONFIG_UNKNOWN_DOMAIN("autoconfig-unknown-domain", "404", "", Stage.API, "server.autoconfig.AutoconfigRoutes",
        "a client's autoconfiguration asked for a domain this server does not serve, or for patients' domain while "
            + "patients use the webmail (the answer names it)"),
    AUTOCONFIG_REQUEST_UNREADABLE("autoconfig-request-unreadable", "400", "", Stage.API,
        "server.autoconfig.AutoconfigRoutes", "an Outlook autodiscover request that is not the POX request it "
            + "should be (XML unreadable, a DTD, no e-mail address), or a Thunderbird request whose address is not one"),
    SMIME_SIGNATURE_VALID("smime-signature-valid", Decision.SIGNATURE_CHECKED, Stage.DELIVERY,
        "server.smime.SignatureCheck", "an incoming S/MIME signature verifies and its signer chains to the anchors"),
    SMIME_SIGNATURE_INVALID("smime-signature-invalid", Decision.SIGNATURE_CHECKED, Stage.DELIVERY,
        "server.smime.SignatureCheck", "an incoming S/MIME signature that does not verify (the message was altered, "
            + "or the signature is unreadable): delivered with a header saying so"),
    SMIME_SIGNER_UNTRUSTED("smime-signer-untrusted", Decision.SIGNATURE_CHECKED, Stage.DELIVERY,
        "server.smime.SignatureCheck", "an incoming S/MIME signature whose signer does not chain to the anchors, is "
            + "expired or revoked: delivered with a header saying so"),
    ANNUAIRE_PUBLISHED("annuaire-published", Decision.PUBLISHED, Stage.ANNUAIRE, "server.annuaire.Publication",
        "a box's creation, change or removal accepted by the national directory's API MSSanté"),
    ANNUAIRE_REFUSED("annuaire-refused", Decision.PUBLISHED, Stage.ANNUAIRE, "server.annuaire.Publication",
        "the national directory refused a box's publication (4xx, its OperationOutcome kept): an operator must act"),
    ANNUAIRE_DEFERRED("annuaire-deferred", Decision.PUBLISHED, Stage.ANNUAIRE, "server.annuaire.Publication",
        "the national directory could not be reached or answered 5xx/429: the publication is sent again later");

    /** Where a rule runs: the SMTP command it answers, delivery, a deposit to the record, or another protocol. */
    public enum Stage {
        AUTH("AUTH"),
        MAIL("MAIL FROM"),
        RCPT("RCPT TO"),
        DATA("DATA"),
        DELIVERY("delivery"),
        IMAP("IMAP"),
        WEBADMIN("WebAdmin"),
        API("HTTPS API"),
        RECORD("record deposit"),
        WEBMAIL("webmail"),
        GATEWAY("HL7 gateway"),
        ANNUAIRE("publication to the national directory");

        private final String shown;

        Stage(String shown) {
            this.shown = shown;
        }

        public String shown() {
            return shown;
        }
    }

    private final String id;
    private final Decision decision;
    private final String reply;
    private final String code;
    private final List<Stage> stages;
    private final List<String> classes;
    private final String purpose;

    /** A refusal decided in one class at one stage. */
    Rule(String id, String reply, String code, Stage stage, String decidedIn, String purpose) {
        this(id, reply, code, List.of(stage), List.of(decidedIn), purpose);
    }

    /** A refusal. */
    Rule(String id, String reply, String code, List<Stage> stages, List<String> classes, String purpose) {
        this(id, Decision.REFUSED, reply, code, stages, classes, purpose);
    }

    /** A deposit's refusal, decided in one class: its receipt carries ANS's integration error code (900-906). */
    Rule(String id, int integrationError, String decidedIn, String purpose) {
        this(id, integrationError, List.of(decidedIn), purpose);
    }

    /** A deposit's refusal. */
    Rule(String id, int integrationError, List<String> classes, String purpose) {
        this(id, Decision.REFUSED, "receipt", String.valueOf(integrationError), List.of(Stage.RECORD), classes,
            purpose);
    }

    /** A decision that is not a refusal: a conversation opened or closed, a bounce. */
    Rule(String id, Decision decision, Stage stage, String decidedIn, String purpose) {
        this(id, decision, "", "", List.of(stage), List.of(decidedIn), purpose);
    }

    Rule(String id, Decision decision, String reply, String code, List<Stage> stages, List<String> classes,
         String purpose) {
        this.id = Objects.requireNonNull(id);
        this.decision = decision;
        this.reply = reply;
        this.code = code;
        this.stages = stages;
        this.classes = classes;
        this.purpose = purpose;
    }

    /** The rule as the audit trail names it. */
    public String id() {
        return id;
    }

    /** The audit trail's decision this rule is recorded with: {@code REFUSED} for a refusal. */
    public Decision decision() {
        return decision;
    }

    public boolean refusal() {
        return decision == Decision.REFUSED;
    }

    /**
     * The SMTP reply code, the IMAP status ({@code NO}, {@code BAD}), the HTTP status, or {@code receipt} for a
     * deposit's refusal (the receipt the sender gets, an MDN or a plain e-mail); empty for a decision.
     */
    public String reply() {
        return reply;
    }

    /**
     * The enhanced status code (RFC 3463), the IMAP response code, or ANS's integration error code (900-906) of a
     * deposit's receipt; empty when there is none.
     */
    public String code() {
        return code;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** The classes that decide it, under {@code fr.caducee.}: {@code rules.peers.OperatorDnHook}. */
    public List<String> classes() {
        return classes;
    }

    public String purpose() {
        return purpose;
    }

    /** This SMTP rule's refusal with a sentence a person can act on. */
    public SmtpRefusal refusal(String sentence) {
        if (!refusal() || !reply.matches("[45][0-9][0-9]")) {
            throw new IllegalStateException(id + " is not an SMTP refusal");
        }
        return new SmtpRefusal(reply, code, id, sentence);
    }
}

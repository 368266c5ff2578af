package fr.caducee.server.storage.mailbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.james.core.Username;
import org.apache.james.mailbox.exception.UnsupportedRightException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A {@code caducee_mailbox} row as James's {@link Mailbox}, and its ACL as JSON (entry key: RFC 4314 rights). */
final class MailboxRows {
    static final String COLUMNS = "mailbox_id, namespace, owner, name, uid_validity, acl::text AS acl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> ENTRIES = new TypeReference<>() { };

    private MailboxRows() {
    }

    static Mailbox mailbox(ResultSet row) throws SQLException {
        Mailbox mailbox = new Mailbox(
            new MailboxPath(row.getString("namespace"), Username.of(row.getString("owner")), row.getString("name")),
            UidValidity.of(row.getLong("uid_validity")),
            new BoxId(row.getLong("mailbox_id")));
        mailbox.setACL(acl(row.getString("acl")));
        return mailbox;
    }

    /** The quota root of a mailbox, as James's {@code DefaultUserQuotaRootResolver} names it. */
    static String quotaRoot(Mailbox mailbox) {
        return mailbox.getNamespace() + "&" + mailbox.getUser().asString();
    }

    static MailboxACL acl(String json) throws SQLException {
        try {
            Map<MailboxACL.EntryKey, MailboxACL.Rfc4314Rights> entries = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : JSON.readValue(json, ENTRIES).entrySet()) {
                entries.put(MailboxACL.EntryKey.deserialize(entry.getKey()),
                    MailboxACL.Rfc4314Rights.deserialize(entry.getValue()));
            }
            return new MailboxACL(entries);
        } catch (JsonProcessingException | UnsupportedRightException e) {
            throw new SQLException("unreadable ACL in caducee_mailbox: " + json, e);
        }
    }

    static String json(MailboxACL acl) {
        Map<String, String> entries = new LinkedHashMap<>();
        acl.getEntries().forEach((key, rights) -> entries.put(key.serialize(), rights.serialize()));
        try {
            return JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

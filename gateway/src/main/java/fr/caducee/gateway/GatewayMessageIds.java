package fr.caducee.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import fr.caducee.domain.model.BoxAddress;

/**
 * The Message-ID of a mail the gateway sends, drawn from what caused it: the same HL7 message handled again after a
 * crash gives the same Message-IDs, which the store and the spool's first mailet recognise. 32 hex digits of
 * SHA-256 over the hospital's box, MSH-10, the purpose and the recipient, under the server's domain.
 */
public final class GatewayMessageIds {
    private GatewayMessageIds() {
    }

    public static String of(BoxAddress peer, String controlId, Purpose purpose, String recipient, String domain) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {peer.address(), controlId, purpose.name(), recipient}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "<gw." + HexFormat.of().formatHex(sha.digest(), 0, 16) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Why the gateway sends a mail (column {@code gateway_mail.purpose}). */
    public enum Purpose {
        ED_NOTICE, ED_CORRECTION, ED_SUMMARY, RECORD, PROFESSIONAL, PATIENT
    }
}

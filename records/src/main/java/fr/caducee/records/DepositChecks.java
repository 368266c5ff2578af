package fr.caducee.records;

import java.io.IOException;
import java.io.InputStream;

/**
 * The checks a deposit passes before anything of it is stored, in ANS's order of integration errors (900-906).
 */
public interface DepositChecks {
    /**
     * @param archive the decoded content of the message's {@code IHE_XDM.ZIP}
     * @param senderBox the envelope sender
     * @param messageId the message's Message-ID
     * @throws IOException when the server cannot read its own copy of the archive (a temporary failure, not the
     *     sender's)
     */
    DepositOutcome check(InputStream archive, String senderBox, String messageId) throws IOException;
}

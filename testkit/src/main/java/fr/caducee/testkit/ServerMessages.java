package fr.caducee.testkit;

/**
 * Messages of the kinds the server writes itself, as text (LF line ends, as typed), for the signature's tests and
 * its benchmark: a DSN of James's form returning its original whole.
 */
public final class ServerMessages {
    private ServerMessages() {
    }

    /** The DSN of a delivery, carrying the original (about {@code kilobytes} KB, an IHE_XDM.ZIP attached). */
    public static String dsn(int kilobytes) {
        StringBuilder original = new StringBuilder("""
            From: dr.durand@caducee.localhost
            To: cardio@other-operator.localhost
            Subject: Compte rendu
            Message-ID: <original-1@caducee.localhost>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="inner"

            --inner
            Content-Type: text/plain; charset=us-ascii

            Voir le compte rendu joint.
            --inner
            Content-Type: application/zip; name=IHE_XDM.ZIP
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename=IHE_XDM.ZIP

            """);
        String line = "UEsDBBQAAAAIAAAAIQBJSEVfWERNL1NVQlNFVDAxL01FVEFEQVRBLlhNTFBLBQYAAAAAAQAB\n";
        while (original.length() < kilobytes * 1024) {
            original.append(line);
        }
        original.append("--inner--\n");
        return """
            From: postmaster@caducee.localhost
            To: dr.durand@caducee.localhost
            Subject: =?UTF-8?Q?[Distribu=C3=A9]_Compte_rendu?=
            Date: Mon, 7 Dec 2026 10:15:00 +0100
            Message-ID: <dsn-1@caducee.localhost>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="report"

            --report
            Content-Type: text/plain; charset=us-ascii

            Your message was delivered.
            --report
            Content-Type: message/delivery-status

            Reporting-MTA: dns; caducee.localhost

            Final-Recipient: rfc822; cardio@other-operator.localhost
            Action: delivered
            Status: 2.0.0
            --report
            Content-Type: message/rfc822

            """ + original + "--report--\n";
    }
}

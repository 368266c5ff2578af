package fr.caducee.rules.documents;

import javax.activation.DataHandler;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

/** Messages carrying an XDM archive, as practice software sends them. */
final class XdmMessages {
    private XdmMessages() {
    }

    /** A message with a text part and the archive attached under that file name, with the given headers. */
    public static MimeMessage message(byte[] archive, String fileName, String... headers) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()));
        message.setFrom("dpi@chu.localhost");
        message.setRecipients(MimeMessage.RecipientType.TO, "dr.durand@caducee.localhost");
        message.setSubject("XDM/1.0/DDM+Lettre de liaison DUPONT Jean 19460203");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            message.addHeader(headers[i], headers[i + 1]);
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Lettre de liaison ci-jointe.", "UTF-8");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        if (archive != null) {
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(archive, "application/zip")));
            attachment.setFileName(fileName);
            mixed.addBodyPart(attachment);
        }
        message.setContent(mixed);
        message.saveChanges();
        return message;
    }
}

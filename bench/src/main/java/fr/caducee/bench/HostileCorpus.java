package fr.caducee.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hostile-input corpus: malformed messages ({@code NAME.eml}, sent as the DATA of a submission) and protocol
 * abuse ({@code NAME.smtp}, bytes sent after AUTH on submission; {@code NAME.imap}, bytes sent after LOGIN), each
 * generated here the same way every time. The small cases are committed in {@code bench/hostile-corpus/} (regenerate
 * with {@code --small}); the large ones are written at run time ({@code --large}) so the repository stays small.
 * Messages go from {@code sender@DOMAIN} to {@code recipient@DOMAIN} of the reliability boxes; the domain is written
 * {@code @DOMAIN@} and replaced when sent.
 *
 * <pre>
 *   java -cp "bench/target/caducee-bench.jar:bench/target/lib/*" fr.caducee.bench.HostileCorpus --small bench/hostile-corpus
 *   java -cp ... fr.caducee.bench.HostileCorpus --large /tmp/corpus
 * </pre>
 */
public final class HostileCorpus {
    static final int LARGE = 16 * 1024;
    private static final String CRLF = "\r\n";
    private static final String HEADERS = "From: sender@@DOMAIN@\r\nTo: recipient@@DOMAIN@\r\nDate: Tue, 24 Nov 2026 10:00:00 +0100\r\n";

    private HostileCorpus() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[0].equals("--small") || args[0].equals("--large"))) {
            System.err.println("usage: HostileCorpus --small|--large FOLDER");
            System.exit(2);
        }
        boolean small = args[0].equals("--small");
        Path folder = Files.createDirectories(Path.of(args[1]));
        int written = 0;
        for (Map.Entry<String, byte[]> entry : cases().entrySet()) {
            if ((entry.getValue().length < LARGE) == small) {
                Files.write(folder.resolve(entry.getKey()), entry.getValue());
                written++;
            }
        }
        System.out.println(written + " cases written to " + folder);
    }

    static Map<String, byte[]> cases() {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        // MIME
        cases.put("mime-boundary-never-appears.eml", ascii(HEADERS + "Subject: boundary never appears\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"declared\"\r\n\r\n--other\r\nContent-Type: text/plain\r\n\r\nhello\r\n--other--\r\n"));
        cases.put("mime-unterminated-multipart.eml", ascii(HEADERS + "Subject: no closing boundary\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfirst part, then nothing\r\n"));
        cases.put("mime-nested-10000-multiparts.eml", nested(10_000, false));
        cases.put("mime-nested-10000-messages.eml", nested(10_000, true));
        cases.put("mime-5000-parts.eml", manyParts(5_000));
        cases.put("mime-header-1mb.eml", ascii(HEADERS + "Subject: a 1 MB header\r\nX-Huge: " + folded(1024 * 1024) + CRLF + CRLF + "body" + CRLF));
        cases.put("mime-5000-header-fields.eml", ascii(HEADERS + "Subject: 5000 header fields\r\n"
            + "X-Field: value\r\n".repeat(5_000) + CRLF + "body" + CRLF));
        cases.put("mime-1mb-line.eml", ascii(HEADERS + "Subject: one line of 1 MB\r\n\r\n" + "x".repeat(1024 * 1024) + CRLF));
        cases.put("mime-bad-base64.eml", ascii(HEADERS + "Subject: bad base64\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!! not base64 at all ****\r\n=====\r\n"));
        cases.put("mime-bad-quoted-printable.eml", ascii(HEADERS + "Subject: bad quoted-printable\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=4=\r\n=\r\n"));
        cases.put("mime-unknown-charset.eml", ascii(HEADERS + "Subject: unknown charset\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nbody\r\n"));
        cases.put("mime-unknown-transfer-encoding.eml", ascii(HEADERS + "Subject: unknown encoding\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode-ish\r\n\r\nbody\r\n"));
        cases.put("mime-nul-bytes.eml", ascii(HEADERS + "Subject: NUL\u0000in the subject\r\n\r\nNUL\u0000in the body\r\n"));
        byte[] eightBit = (HEADERS + "Subject: Compte rendu écrit à l'hôpital, 8 bits sans SMTPUTF8\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.UTF_8);
        cases.put("mime-8bit-header.eml", eightBit);
        cases.put("mime-latin1-header.eml", (HEADERS + "Subject: r\u00e9sultat en Latin-1\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        cases.put("mime-invalid-encoded-word.eml", ascii(HEADERS + "Subject: =?utf-8?Q?unterminated =?x-bad?B?!!!?= =?utf-8?B?w6k?=\r\n\r\nbody\r\n"));
        cases.put("mime-bare-lf.eml", ascii((HEADERS + "Subject: bare LF line endings\r\n\r\nline one\r\nline two\r\n").replace(CRLF, "\n")));
        cases.put("mime-header-without-colon.eml", ascii(HEADERS + "Subject: a header without colon\r\nThis line has no colon\r\n\r\nbody\r\n"));
        cases.put("mime-no-header-at-all.eml", ascii("\r\njust a body, no header\r\n"));
        cases.put("mime-empty-boundary.eml", ascii(HEADERS + "Subject: empty boundary\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n\r\nx\r\n----\r\n"));
        // SMTP, after AUTH on submission
        cases.put("smtp-overlong-command.smtp", ascii("NOOP " + "x".repeat(200_000) + CRLF + "NOOP" + CRLF));
        cases.put("smtp-pipelined-10000-noop.smtp", ascii("NOOP\r\n".repeat(10_000)));
        StringBuilder rcpts = new StringBuilder("MAIL FROM:<sender@@DOMAIN@>\r\n");
        for (int i = 0; i < 10_000; i++) {
            rcpts.append("RCPT TO:<recipient@@DOMAIN@>\r\n");
        }
        cases.put("smtp-10000-rcpt.smtp", ascii(rcpts.append("RSET\r\n").toString()));
        cases.put("smtp-control-characters.smtp", ascii("\u0001\u0002\u001b[2J\u0000HELO\r\nNOOP\r\n"));
        cases.put("smtp-data-without-recipient.smtp", ascii("MAIL FROM:<sender@@DOMAIN@>\r\nDATA\r\nRSET\r\n"));
        cases.put("smtp-bdat-without-chunking.smtp", ascii("MAIL FROM:<sender@@DOMAIN@>\r\nRCPT TO:<recipient@@DOMAIN@>\r\nBDAT 100000000 LAST\r\nRSET\r\n"));
        cases.put("smtp-size-lie.smtp", ascii("MAIL FROM:<sender@@DOMAIN@> SIZE=99999999999999999999\r\nRSET\r\n"));
        // IMAP, after LOGIN
        cases.put("imap-2gb-literal.imap", ascii("H1 APPEND INBOX {2147483647}\r\n"));
        cases.put("imap-negative-literal.imap", ascii("H1 APPEND INBOX {-1}\r\n"));
        cases.put("imap-nested-10000-parentheses.imap", ascii("H2 SEARCH " + "(".repeat(10_000)
            + "ALL" + ")".repeat(10_000) + CRLF));
        cases.put("imap-overlong-line.imap", ascii("H1 NOOP " + "x".repeat(200_000) + CRLF));
        cases.put("imap-10000-commands-pipelined.imap", ascii(repeatTagged("NOOP", 10_000)));
        cases.put("imap-fetch-huge-range.imap", ascii("H2 FETCH 1:4294967295 (FLAGS)\r\nH3 UID FETCH 1:* (BODY.PEEK[]<0.4294967295>)\r\n"));
        return cases;
    }

    /** Multiparts (or attached messages) nested {@code depth} deep, each level with its own boundary. */
    private static byte[] nested(int depth, boolean messages) {
        StringBuilder open = new StringBuilder(HEADERS + "Subject: nested " + depth + "\r\nMIME-Version: 1.0\r\n");
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (messages) {
                open.append("Content-Type: message/rfc822\r\n\r\nSubject: level ").append(i).append(CRLF);
            } else {
                open.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append(CRLF);
                close.insert(0, "\r\n--b" + i + "--\r\n");
            }
        }
        open.append("Content-Type: text/plain\r\n\r\ninnermost\r\n");
        return ascii(open.append(close).toString());
    }

    private static byte[] manyParts(int parts) {
        StringBuilder text = new StringBuilder(HEADERS + "Subject: " + parts + " parts\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"p\"\r\n\r\n");
        for (int i = 0; i < parts; i++) {
            text.append("--p\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append(CRLF);
        }
        return ascii(text.append("--p--\r\n").toString());
    }

    /** A header value of {@code bytes} bytes folded in 76-character lines. */
    private static String folded(int bytes) {
        StringBuilder value = new StringBuilder(bytes + bytes / 38);
        for (int i = 0; i < bytes; i++) {
            value.append(i % 76 == 75 ? "\r\n x" : "x");
        }
        return value.toString();
    }

    private static String repeatTagged(String command, int times) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < times; i++) {
            text.append('P').append(i).append(' ').append(command).append(CRLF);
        }
        return text.toString();
    }

    private static byte[] ascii(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            out.write(text.charAt(i) & 0xff);
        }
        return out.toByteArray();
    }
}

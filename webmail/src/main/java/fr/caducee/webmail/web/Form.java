package fr.caducee.webmail.web;

import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.servlet.MultipartConfigElement;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.Part;

import org.eclipse.jetty.http.MultiPartFormInputStream;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.Upload;

/**
 * A posted form, read whole before anything is decided: its fields (every value of each name, in order) and, for a
 * multipart form, its files as the browser sent them. The body is read up to a limit (the attachments' limit and a
 * megabyte for the rest) and refused beyond it; files are kept in memory, never written to disk. What a refused body
 * still sends, up to as much again, is read and thrown away: closing on a client still writing resets the connection
 * and the browser would lose the refusal page. Multipart bodies are parsed by Jetty's RFC 7578 parser.
 */
public final class Form {
    public static final Form EMPTY = new Form(Map.of(), List.of());
    private static final String URLENCODED = "application/x-www-form-urlencoded";
    private static final String MULTIPART = "multipart/form-data";
    private static final int MAX_PARTS = 200;

    private final Map<String, List<String>> fields;
    private final List<Upload> uploads;

    Form(Map<String, List<String>> fields, List<Upload> uploads) {
        this.fields = Map.copyOf(fields);
        this.uploads = List.copyOf(uploads);
    }

    /**
     * The form a POST carries.
     *
     * @param uploadLimit the most bytes the files may have together; the body may have a megabyte more
     */
    public static Form read(HttpServletRequest request, long uploadLimit) throws WebRefusal, IOException {
        long limit = bodyLimit(uploadLimit);
        if (request.getContentLengthLong() > limit) {
            if (request.getContentLengthLong() <= 2 * limit) {
                discard(request.getInputStream(), 2 * limit);
            }
            throw tooLarge(uploadLimit);
        }
        String type = Optional.ofNullable(request.getContentType()).orElse("").toLowerCase(Locale.ROOT);
        InputStream raw = request.getInputStream();
        try (InputStream body = new Limited(raw, limit)) {
            if (type.startsWith(URLENCODED)) {
                return urlEncoded(new String(body.readAllBytes(), StandardCharsets.ISO_8859_1));
            }
            if (type.startsWith(MULTIPART)) {
                return multipart(body, request.getContentType(), limit);
            }
            if (body.read() < 0) {
                return EMPTY;
            }
            throw invalid("Ce formulaire n'a pas pu être lu.");
        } catch (Limited.Exceeded e) {
            discard(raw, limit);
            throw tooLarge(uploadLimit);
        }
    }

    /** Reads and drops what is left of a body, at most {@code most} bytes, so that the refusal reaches the client. */
    private static void discard(InputStream body, long most) {
        byte[] sink = new byte[64 * 1024];
        long left = most;
        try {
            for (int read; left > 0 && (read = body.read(sink, 0, (int) Math.min(sink.length, left))) >= 0; ) {
                left -= read;
            }
        } catch (IOException e) {
            // The client went away: the refusal is still recorded, there is no one left to show it to.
        }
    }

    /** The most bytes a body may have: the attachments and a megabyte for the text and the multipart framing. */
    public static long bodyLimit(long uploadLimit) {
        return uploadLimit + 1024 * 1024;
    }

    /** The fields of an {@code application/x-www-form-urlencoded} body, UTF-8. */
    public static Form urlEncoded(String body) throws WebRefusal {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : pairs(body)) {
            fields.computeIfAbsent(pair.getKey(), name -> new ArrayList<>()).add(pair.getValue());
        }
        return new Form(fields, List.of());
    }

    private static Form multipart(InputStream body, String contentType, long limit) throws WebRefusal, IOException {
        // No size limit of Jetty's own (the stream stops at ours) and no threshold: every part stays in memory.
        MultiPartFormInputStream parts = new MultiPartFormInputStream(body, contentType,
            new MultipartConfigElement("", -1, -1, 0), new File(System.getProperty("java.io.tmpdir")), MAX_PARTS);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        List<Upload> uploads = new ArrayList<>();
        try {
            for (Part part : parts.getParts()) {
                byte[] content;
                try (InputStream in = part.getInputStream()) {
                    content = in.readAllBytes();
                }
                String fileName = part.getSubmittedFileName();
                if (fileName == null) {
                    fields.computeIfAbsent(part.getName(), name -> new ArrayList<>()).add(utf8(content));
                } else if (!fileName.isEmpty() || content.length > 0) {
                    // A file input left empty is sent as a part without name or content: not an upload.
                    uploads.add(new Upload(fileName, Optional.ofNullable(part.getContentType())
                        .orElse("application/octet-stream"), content));
                }
            }
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof Limited.Exceeded) {
                throw (Limited.Exceeded) e.getCause();
            }
            throw invalid("Ce formulaire n'a pas pu être lu (" + MAX_PARTS + " champs au plus).");
        } catch (Limited.Exceeded e) {
            throw e;
        } catch (IOException e) {
            throw invalid("Ce formulaire n'a pas pu être lu.");
        } finally {
            parts.deleteParts();
        }
        return new Form(fields, uploads);
    }

    /** The query string's parameters: each name once (a repeated one is refused), values decoded as UTF-8. */
    public static Map<String, String> query(String raw) throws WebRefusal {
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : pairs(raw)) {
            if (query.putIfAbsent(pair.getKey(), pair.getValue()) != null) {
                throw invalid("L'adresse de cette page contient deux fois « " + pair.getKey() + " ».");
            }
        }
        return query;
    }

    private static List<Map.Entry<String, String>> pairs(String encoded) throws WebRefusal {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return pairs;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                pairs.add(Map.entry(decode(equals < 0 ? pair : pair.substring(0, equals)),
                    equals < 0 ? "" : decode(pair.substring(equals + 1))));
            } catch (IllegalArgumentException | CharacterCodingException e) {
                throw invalid("Ce formulaire n'a pas pu être lu.");
            }
        }
        return pairs;
    }

    private static String decode(String encoded) throws CharacterCodingException {
        // URLDecoder would replace bytes that are not UTF-8 silently: they are refused instead.
        String latin = URLDecoder.decode(encoded, StandardCharsets.ISO_8859_1);
        return utf8(latin.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** Every value of every field, in order. */
    public Map<String, List<String>> fields() {
        return fields;
    }

    /** The files, in order. */
    public List<Upload> uploads() {
        return uploads;
    }

    /** The value of a field the form must carry once. */
    public String one(String name) throws WebRefusal {
        return optional(name).orElseThrow(() -> invalid("Ce formulaire est incomplet : il y manque « " + name
            + " ». Revenez à la page et recommencez."));
    }

    /** The value of a field given at most once. */
    public Optional<String> optional(String name) throws WebRefusal {
        List<String> values = fields.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw invalid("Ce formulaire contient deux fois « " + name + " ». Revenez à la page et recommencez.");
        }
        return values.stream().findFirst();
    }

    private static WebRefusal invalid(String sentence) {
        return new WebRefusal(Rule.WEBMAIL_FORM_INVALID, sentence);
    }

    private static WebRefusal tooLarge(long uploadLimit) {
        return new WebRefusal(Rule.WEBMAIL_UPLOAD_TOO_LARGE, "Ce que vous envoyez est trop volumineux : les pièces "
            + "jointes d'un message ne peuvent dépasser " + french(uploadLimit) + " en tout. Rien n'a été envoyé ; "
            + "retirez ou réduisez des pièces jointes puis recommencez.");
    }

    /** "10 Mo", "512 Ko": sizes as French software writes them (1 Mo = 1,048,576 bytes here). */
    static String french(long bytes) {
        long mega = 1024 * 1024;
        if (bytes >= mega) {
            return bytes % mega == 0 ? bytes / mega + " Mo"
                : String.format(Locale.FRANCE, "%.1f Mo", bytes / (double) mega);
        }
        return Math.max(1, bytes / 1024) + " Ko";
    }

    /** Stops reading a body past the limit. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --left < 0) {
                throw new Exceeded();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                left -= read;
                if (left < 0) {
                    throw new Exceeded();
                }
            }
            return read;
        }

        @Override
        public void close() {
            // The request's stream stays open: a refused body's rest is still to be read and dropped.
        }

        static final class Exceeded extends IOException {
            Exceeded() {
                super("body over the limit", null);
            }
        }
    }
}

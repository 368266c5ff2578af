package fr.caducee.webmail.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import fr.caducee.webmail.port.Upload;
import fr.caducee.webmail.port.Viewer;

/**
 * A request as pages see it, once the session is known and a POST's CSRF token checked.
 *
 * @param method    GET or POST (nothing else reaches pages)
 * @param path      the decoded path, e.g. {@code /conversations/3f2a...}
 * @param query     query parameters (each once: a repeated one is refused before)
 * @param form      a POST's fields, every value of each name, in order (urlencoded or multipart)
 * @param uploads   a multipart POST's files as the browser sent them (name and declared type): a page that takes
 *                  files checks their content and size with {@code mail.Uploads}
 * @param viewer    who is at the screen and which box is open
 * @param sessionId an opaque id of the session for the audit trail (not the cookie)
 * @param remote    the client's address
 */
public record WebRequest(String method, String path, Map<String, String> query, Map<String, List<String>> form,
                         List<Upload> uploads, Viewer viewer, String sessionId, String remote) {

    public WebRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        form = Map.copyOf(form);
        uploads = List.copyOf(uploads);
        Objects.requireNonNull(viewer, "viewer");
    }

    public boolean isGet() {
        return method.equals("GET");
    }

    public boolean isPost() {
        return method.equals("POST");
    }

    /** The one value of a field, when it was given once. */
    public Optional<String> field(String name) {
        List<String> values = form.getOrDefault(name, List.of());
        return values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
    }

    /** Every value of a field (hidden recipients of a reply), in the form's order. */
    public List<String> fields(String name) {
        return form.getOrDefault(name, List.of());
    }
}

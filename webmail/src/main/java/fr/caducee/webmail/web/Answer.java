package fr.caducee.webmail.web;

import java.util.Map;
import java.util.Objects;

import fr.caducee.webmail.port.Download;

/** What a page answers: a page rendered from a template, a redirection after a form (303), or a file. */
public sealed interface Answer {

    /**
     * A page: {@code template} is the name of a Thymeleaf template under {@code fr/caducee/webmail/templates/}
     * without {@code .html}; {@code title} is the page's {@code <title>} and {@code <h1>} (French); the variables are
     * what the template prints (Thymeleaf escapes them). The layout adds the session's CSRF token, the open box and
     * the navigation.
     */
    record Page(int status, String template, String title, Map<String, Object> variables) implements Answer {
        public Page {
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(title, "title");
            variables = Map.copyOf(variables);
        }

        public static Page ok(String template, String title, Map<String, Object> variables) {
            return new Page(200, template, title, variables);
        }
    }

    /** 303 See Other to a path of the webmail, with an optional notice shown once on the next page. */
    record Redirect(String path, String notice) implements Answer {
        public Redirect {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.startsWith("//")) {
                throw new IllegalArgumentException("a redirection stays in the webmail: " + path);
            }
        }

        public static Redirect to(String path) {
            return new Redirect(path, null);
        }
    }

    /**
     * A file, sent with {@code Content-Disposition: attachment} and a name cleaned of anything but letters, digits,
     * dots, dashes and underscores (RFC 6266 {@code filename*} for the rest), {@code X-Content-Type-Options: nosniff}.
     */
    record File(Download download) implements Answer {
        public File {
            Objects.requireNonNull(download, "download");
        }
    }
}

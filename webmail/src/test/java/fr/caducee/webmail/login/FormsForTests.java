package fr.caducee.webmail.login;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.WebRefusal;

/** Forms as a browser would post them. */
final class FormsForTests {

    private FormsForTests() {
    }

    static Form of(Map<String, String> fields) {
        try {
            return Form.urlEncoded(fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
        } catch (WebRefusal e) {
            throw new IllegalStateException(e);
        }
    }
}

package fr.caducee.webmail.web;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders pages: every page is {@code layout.html} (head, skip link, header with the open box and the navigation,
 * the logout form, a notice) around the {@code content} fragment of the page's own template. Thymeleaf escapes
 * whatever {@code th:text} prints; no template uses {@code th:utext} except for a mail body already cleaned by
 * {@code mail.HtmlBodies}. Record components are read as methods in templates: {@code ${c.subject()}}.
 */
public final class Templates {
    static final String ROOT = "fr/caducee/webmail/templates/";

    private final TemplateEngine engine;

    public Templates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Templates.class.getClassLoader());
        resolver.setPrefix(ROOT);
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
    }

    /**
     * The page in its layout.
     *
     * @param page   what the page answered
     * @param layout what the layout shows around it: the open box, the CSRF token, a notice
     */
    public String render(Answer.Page page, Layout layout) {
        Map<String, Object> variables = new HashMap<>(page.variables());
        variables.put("title", page.title());
        variables.put("template", page.template());
        variables.put("layout", layout);
        return engine.process("layout", new Context(Locale.FRANCE, variables));
    }

    /**
     * Around every page.
     *
     * @param signedIn  false on the login pages and on refusals shown before login: no navigation
     * @param boxName   the open box's patient, "Paul Durand"; for a representative, the child's name
     * @param loginName the patient at the screen, when a representative opened another box; else null
     * @param csrf      the session's token, put in every form (the logout form included); null before login
     * @param notice    a sentence shown once (after a redirection), or null
     * @param section   which navigation entry is current: "messages", "documents", "acces", "reglages", or null
     * @param boxes     other boxes the patient may open (their children), as {@code Map.Entry<ins, name>}; empty
     */
    public record Layout(boolean signedIn, String boxName, String loginName, String csrf, String notice,
                         String section, Map<String, String> boxes) {
        public Layout {
            boxes = Map.copyOf(Objects.requireNonNullElse(boxes, Map.of()));
        }

        public static Layout signedOut(String notice) {
            return new Layout(false, null, null, null, notice, null, Map.of());
        }
    }
}

package fr.caducee.webmail.mail;

import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Makes the HTML body of a mail safe to show in a page: jsoup's relaxed {@link Safelist} (no script, no event
 * handler, no style, no form, no frame, no object, no meta, no base), links to http, https and mailto only and marked
 * {@code rel="noopener noreferrer nofollow"}, and nothing that the browser would fetch: an image is kept only when it
 * is inside the mail ({@code data:image/...}); any other is replaced by a few words saying so, so that a remote image
 * (a read-tracking pixel) is never loaded. The page's Content-Security-Policy would block such loads anyway: this is
 * the second wall, and the one that tells the reader something was left out.
 */
public final class HtmlBodies {
    static final String REMOTE_IMAGE = "[image distante non chargée]";
    static final String IMAGE_WITHOUT_ALT = "Image incluse dans le message";

    /** Dropped with everything inside them: their content is code, or a control, or another document. */
    private static final String DROPPED = "head, script, style, noscript, template, svg, math, iframe, frame, frameset, "
        + "object, embed, applet, form, input, button, select, textarea, meta, link, base, title, audio, video, "
        + "source, track, canvas, map";
    private static final Pattern INLINE_IMAGE = Pattern.compile("(?i)^data:image/(png|jpeg|gif|webp)[;,]");

    private final Safelist safelist = Safelist.relaxed()
        .removeTags("h1", "h2", "h3", "h4", "h5", "h6")
        .removeProtocols("a", "href", "ftp")
        .addProtocols("a", "href", "mailto")
        .removeProtocols("img", "src", "http", "https")
        .addProtocols("img", "src", "data")
        .removeProtocols("blockquote", "cite", "http", "https")
        .removeProtocols("q", "cite", "http", "https")
        .removeAttributes("blockquote", "cite")
        .removeAttributes("q", "cite")
        .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");

    /** The body's HTML, cleaned: a fragment to put inside the page as it is. */
    public String clean(String html) {
        Document dirty = Jsoup.parse(html);
        dirty.select(DROPPED).remove();
        // The parser took the mail's <base href> as the document's: relative links must stay relative, and go.
        dirty.setBaseUri("");
        for (Element image : dirty.select("img")) {
            if (INLINE_IMAGE.matcher(image.attr("src").strip()).find()) {
                image.removeAttr("srcset");
                if (!image.hasAttr("alt")) {
                    image.attr("alt", IMAGE_WITHOUT_ALT);
                }
            } else {
                image.replaceWith(new TextNode(REMOTE_IMAGE));
            }
        }
        // The page has one h1 and headings in order: a mail's headings become bold paragraphs.
        for (Element heading : dirty.select("h1, h2, h3, h4, h5, h6")) {
            Element bold = new Element("strong");
            bold.appendChildren(heading.childNodesCopy());
            heading.empty().tagName("p").appendChild(bold);
        }
        Document clean = new Cleaner(safelist).clean(dirty);
        // A link whose address was removed, or that says nothing, is no link: its text stays.
        for (Element link : clean.select("a")) {
            if (!link.hasAttr("href") || link.text().isBlank() && link.select("img").isEmpty()) {
                link.unwrap();
            }
        }
        clean.outputSettings().prettyPrint(false);
        return clean.body().html();
    }
}

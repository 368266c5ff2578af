package fr.caducee.webmail.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class HtmlBodiesTest {
    private static final String TRAP = "http://127.0.0.1:9/trap";
    private static final String PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private final HtmlBodies bodies = new HtmlBodies();

    @Test
    void aScriptIsRemovedWithItsCode() {
        String clean = bodies.clean("<p>Bonjour</p><script>document.location='" + TRAP + "'</script>");

        assertThat(clean).isEqualTo("<p>Bonjour</p>").doesNotContain("document.location");
    }

    @Test
    void eventHandlersAreRemovedFromEveryElement() {
        String clean = bodies.clean("<p onclick=\"alert(1)\">a</p><img src=\"" + PIXEL + "\" onerror=\"alert(2)\">"
            + "<body onload=\"alert(3)\"><div onmouseover=\"alert(4)\">b</div>");

        assertThat(clean).doesNotContainIgnoringCase("alert").doesNotContainIgnoringCase(" on");
    }

    @Test
    void javascriptAndDataLinksLoseTheirAddressAndStayText() {
        String clean = bodies.clean("<a href=\"javascript:alert(1)\">un</a> <a href=\" JaVaScRiPt:alert(1)\">deux</a> "
            + "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">trois</a> "
            + "<a href=\"vbscript:msgbox(1)\">quatre</a> <a href=\"//evil.example/x\">cinq</a>");

        assertThat(clean).isEqualTo("un deux trois quatre cinq");
    }

    @Test
    void webAndMailLinksStayAndOpenNothingOfOurs() {
        Document clean = Jsoup.parseBodyFragment(bodies.clean("<a href=\"https://www.ameli.fr/\" target=\"_blank\">Ameli</a> "
            + "<a href=\"mailto:secretariat@chu-lyon.fr\">secrétariat</a> <a href=\"ftp://files.example/x\">ftp</a>"));

        assertThat(clean.select("a")).hasSize(2);
        for (Element link : clean.select("a")) {
            assertThat(link.attr("rel")).isEqualTo("noopener noreferrer nofollow");
            assertThat(link.hasAttr("target")).isFalse();
        }
        assertThat(clean.select("a").first().attr("href")).isEqualTo("https://www.ameli.fr/");
        assertThat(clean.select("a").last().attr("href")).isEqualTo("mailto:secretariat@chu-lyon.fr");
        assertThat(clean.text()).contains("ftp");
    }

    @Test
    void aRemoteImageIsReplacedByWordsSayingSo() {
        String clean = bodies.clean("<p>Voir <img src=\"" + TRAP + "/pixel.gif\" width=\"1\" height=\"1\"> et "
            + "<img src=\"https://cdn.example/logo.png\" alt=\"Logo\"></p>");

        assertThat(clean).doesNotContain("<img").doesNotContain(TRAP).doesNotContain("cdn.example")
            .contains("Voir " + HtmlBodies.REMOTE_IMAGE + " et " + HtmlBodies.REMOTE_IMAGE);
    }

    @Test
    void anImageInsideTheMailIsKeptWithoutItsRemoteAlternatives() {
        Document clean = Jsoup.parseBodyFragment(bodies.clean("<img src=\"" + PIXEL + "\" srcset=\"" + TRAP
            + "/2x.png 2x\" alt=\"Schéma\"><img src=\"" + PIXEL + "\">"));

        assertThat(clean.select("img")).hasSize(2);
        assertThat(clean.select("img").first().attr("src")).isEqualTo(PIXEL);
        assertThat(clean.select("img").first().hasAttr("srcset")).isFalse();
        assertThat(clean.select("img").first().attr("alt")).isEqualTo("Schéma");
        assertThat(clean.select("img").last().attr("alt")).isEqualTo(HtmlBodies.IMAGE_WITHOUT_ALT);
    }

    @Test
    void anSvgImageInsideTheMailIsNotKept() {
        String clean = bodies.clean("<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">");

        assertThat(clean).isEqualTo(HtmlBodies.REMOTE_IMAGE);
    }

    @Test
    void pictureSourcesAndBackgroundsFetchNothing() {
        String clean = bodies.clean("<picture><source srcset=\"" + TRAP + "/a.webp\"><img src=\"" + TRAP + "/a.png\"></picture>"
            + "<table background=\"" + TRAP + "/bg.png\"><tr><td background=\"" + TRAP + "/td.png\">x</td></tr></table>"
            + "<video poster=\"" + TRAP + "/p.png\" src=\"" + TRAP + "/v.mp4\"></video><input type=\"image\" src=\"" + TRAP + "/i.png\">"
            + "<link rel=\"stylesheet\" href=\"" + TRAP + "/s.css\"><audio src=\"" + TRAP + "/a.mp3\"></audio>");

        assertThat(clean).doesNotContain(TRAP).doesNotContain("<source").doesNotContain("<video").doesNotContain("<input");
    }

    @Test
    void cssIsRemovedWhereverItIs() {
        String clean = bodies.clean("<style>body{background:url(" + TRAP + "/a.png)} @import '" + TRAP + "/b.css';</style>"
            + "<div style=\"background-image:url(" + TRAP + "/c.png)\">texte</div><p class=\"x\" id=\"y\">z</p>");

        assertThat(clean).doesNotContain(TRAP).doesNotContain("style").doesNotContain("class").doesNotContain("id=")
            .isEqualTo("<div>texte</div><p>z</p>");
    }

    @Test
    void framesObjectsAndEmbedsAreRemovedWithWhatTheyHold() {
        String clean = bodies.clean("<iframe src=\"" + TRAP + "\">cadre</iframe><object data=\"" + TRAP + "\">objet</object>"
            + "<embed src=\"" + TRAP + "\"><frameset><frame src=\"" + TRAP + "\"></frameset><applet code=\"x\">a</applet>ok");

        assertThat(clean).isEqualTo("ok");
    }

    @Test
    void aFormIsRemovedSoThatNothingCanBePostedFromAMail() {
        String clean = bodies.clean("<form action=\"" + TRAP + "\" method=\"post\"><input name=\"password\">"
            + "<button formaction=\"" + TRAP + "\">Valider</button><textarea>t</textarea><select><option>o</select></form>après");

        assertThat(clean).isEqualTo("après");
    }

    @Test
    void metaRefreshAndBaseAreRemoved() {
        String clean = bodies.clean("<html><head><meta http-equiv=\"refresh\" content=\"0;url=" + TRAP + "\">"
            + "<base href=\"" + TRAP + "/\"><title>titre</title></head><body><meta http-equiv=\"refresh\" content=\"0\">"
            + "<a href=\"relative/link\">lien</a> texte</body></html>");

        assertThat(clean).isEqualTo("lien texte").doesNotContain("titre");
    }

    @Test
    void svgAndMathMlAreRemovedWithTheirScripts() {
        String clean = bodies.clean("<svg onload=\"alert(1)\"><script>alert(2)</script><image href=\"" + TRAP
            + "\"/><a xlink:href=\"javascript:alert(3)\"><text>x</text></a></svg><math><mi xlink:href=\"javascript:alert(4)\">m</mi></math>fin");

        assertThat(clean).isEqualTo("fin");
    }

    @Test
    void headingsBecomeBoldParagraphsSoThatThePageKeepsItsOneHeading() {
        String clean = bodies.clean("<h1>Compte rendu</h1><h3>Conclusion</h3><p>RAS</p>");

        assertThat(clean).isEqualTo("<p><strong>Compte rendu</strong></p><p><strong>Conclusion</strong></p><p>RAS</p>");
    }

    @Test
    void tablesListsAndEmphasisOfAReportAreKept() {
        String html = "<table><thead><tr><th>Analyse</th><th>Résultat</th></tr></thead><tbody><tr><td>Glycémie</td>"
            + "<td><b>1,02 g/L</b></td></tr></tbody></table><ul><li><em>à jeun</em></li></ul><pre>  aligné</pre>";

        assertThat(bodies.clean(html)).isEqualTo(html);
    }

    @Test
    void textIsEscapedNotInterpreted() {
        String clean = bodies.clean("&lt;script&gt;alert(1)&lt;/script&gt; &amp; <p>1 &lt; 2</p>");

        assertThat(clean).doesNotContain("<script").contains("&lt;script&gt;").contains("1 &lt; 2");
    }

    @Test
    void brokenMarkupCannotSmuggleAnElementOut() {
        String clean = bodies.clean("<p title=\"</p><script>alert(1)</script>\">x</p><img src=x onerror=alert(1)//"
            + "<noscript><p title=\"</noscript><img src=" + TRAP + " onerror=alert(1)>\"></noscript>"
            + "<template><img src=\"" + TRAP + "\"></template>");

        assertThat(clean).doesNotContain("<script").doesNotContain("onerror").doesNotContain(TRAP);
        assertThat(Jsoup.parseBodyFragment(clean).select("script, img[src^=http], [onerror]")).isEmpty();
    }
}

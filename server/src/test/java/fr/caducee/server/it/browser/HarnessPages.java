package fr.caducee.server.it.browser;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;

/** The pages {@link BrowserHarnessIT} serves: one for each check to pass, one for each to fail. */
final class HarnessPages {
    static final String STYLE = """
        body { font-family: "DejaVu Sans", sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff;
               max-width: 40rem; margin: 0 auto; padding: 1rem; }
        nav { display: flex; flex-wrap: wrap; gap: .5rem; }
        nav a, button { display: inline-block; padding: .6rem .8rem; }
        input { box-sizing: border-box; width: 100%; min-height: 2.75rem; font: inherit; }
        button { font: inherit; }
        :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
        """;

    static final byte[] LOGO = logo();

    private HarnessPages() {
    }

    /** French, labelled, contrasted, responsive, large controls, visible focus: every check passes. */
    static String accessible() {
        return """
            <!doctype html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Répondre au cabinet — banc d'essai</title>
            <link rel="stylesheet" href="/site.css">
            </head>
            <body>
            <header><nav aria-label="Menu"><a href="/accessible">Accueil</a><a href="/ordonnance">Télécharger l'ordonnance</a></nav></header>
            <main>
            <h1>Répondre au cabinet</h1>
            <img id="logo" src="/logo.png" alt="Caducée" width="48" height="48">
            <p>Votre pharmacien vous a écrit ; <a href="/accessible">le message précédent</a> reste lisible ici.</p>
            <form method="get" action="/received">
            <label for="message">Votre réponse</label>
            <input id="message" name="message" type="text">
            <p><button id="send" type="submit">Envoyer</button></p>
            <label for="piece">Pièce jointe</label>
            <input id="piece" name="piece" type="file">
            </form>
            </main>
            </body>
            </html>
            """;
    }

    /** What a hostile mail would carry: remote image, style sheets, background images and a frame. */
    static String hostile(RemoteContentTrap trap) {
        return """
            <!doctype html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <title>Message piégé</title>
            <link rel="stylesheet" href="%s">
            <style>main { background-image: url("%s"); }</style>
            </head>
            <body>
            <main>
            <h1>Message piégé</h1>
            <img src="%s" alt="">
            <p style="background-image: url('%s')">Bonjour.</p>
            <iframe src="%s" title="Cadre"></iframe>
            </main>
            </body>
            </html>
            """.formatted(trap.url("style.css"), trap.url("background.png"), trap.url("tracker.png"),
            trap.url("inline.png"), trap.url("frame.html"));
    }

    /** No language, an image without text, a field without label, pale text, a tiny link without focus outline. */
    static String inaccessible() {
        return """
            <!doctype html>
            <html>
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Page inaccessible</title>
            <style>.pale { color: #bbbbbb; } #tiny { font-size: 10px; outline: none; }</style>
            </head>
            <body>
            <img src="/logo.png">
            <input type="text" name="q">
            <p class="pale">Texte trop pâle pour être lu.</p>
            <p>Un lien <a href="/accessible">dans la phrase</a> peut rester petit.</p>
            <a id="tiny" href="/accessible">x</a>
            </body>
            </html>
            """;
    }

    /** A table a thousand pixels wide. */
    static String wide() {
        return """
            <!doctype html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Tableau trop large</title>
            </head>
            <body>
            <main><h1>Tableau</h1><div id="table" style="width: 1000px">Colonnes</div></main>
            </body>
            </html>
            """;
    }

    /**
     * A table laid out as blocks on a phone, as the webmail's are, whose caption stayed a table caption: in text that
     * may break anywhere, it shrinks to one letter a line.
     */
    static String squeezed() {
        return """
            <!doctype html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Légende écrasée</title>
            <style>main { overflow-wrap: anywhere; } table, thead, tbody, tr, th, td { display: block; }</style>
            </head>
            <body>
            <main><h1>Documents</h1>
            <table><caption>Documents du dossier, du plus récent au plus ancien</caption>
            <tbody><tr><th scope="row">Radio de hanche</th><td>11 avril 2005</td></tr></tbody></table></main>
            </body>
            </html>
            """;
    }

    /** An enrolment page: the QR code as inline SVG, drawn without margin, and the secret in text. */
    static String enrolment(String uri, String secret) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(uri, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.MARGIN, 0));
        } catch (WriterException e) {
            throw new IllegalArgumentException(e);
        }
        StringBuilder modules = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    modules.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return page("Enrôlement", "<h1>Enrôlement</h1><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
            + matrix.getWidth() + " " + matrix.getHeight() + "\" width=\"232\" height=\"232\" role=\"img\""
            + " aria-label=\"Code QR à scanner\" shape-rendering=\"crispEdges\"><path fill=\"#000\" d=\""
            + modules + "\"/></svg><p>Clé : <code id=\"secret\">" + escape(secret) + "</code></p>");
    }

    static String received(String text) {
        return page("Reçu", "<p>Reçu : " + escape(text) + "</p>");
    }

    static String whoami(String agent, String cookie) {
        return page("Qui êtes-vous", "<p>Agent : " + escape(agent) + "</p><p>Cookie : " + escape(cookie) + "</p>");
    }

    static String missing() {
        return page("Page introuvable", "<h1>Page introuvable</h1>");
    }

    private static String page(String title, String main) {
        return "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + title
            + "</title></head><body><main>" + main + "</main></body></html>";
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\"", "&quot;");
    }

    private static byte[] logo() {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(0x0b57d0));
        graphics.fillRect(0, 0, 48, 48);
        graphics.dispose();
        try (ByteArrayOutputStream png = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

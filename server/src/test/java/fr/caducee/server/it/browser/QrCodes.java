package fr.caducee.server.it.browser;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.openqa.selenium.WebElement;
import org.openqa.selenium.WrapsDriver;
import org.openqa.selenium.chrome.ChromeDriver;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * Reads a QR code from what the browser draws (the enrolment page's inline SVG), as the patient's phone would from
 * the screen: a test then knows that the code given to the app is the secret the page shows in text.
 * ZXing decodes the picture.
 */
public final class QrCodes {
    /** White added around the picture: readers need a quiet zone, which a tight crop of the element may lack. */
    private static final int MARGIN = 32;
    /**
     * The pictures tried, as device pixels per CSS pixel: a high-density screen's first. At 1 a dense code has
     * modules of 3 or 4 pixels in turn; whatever the picture, ZXing misreads a few codes in a hundred with one way of
     * reading and reads them with another, as a phone's camera reads on the next frame.
     */
    private static final List<Integer> SCALES = List.of(2, 1);

    private QrCodes() {
    }

    /** The text the QR code drawn by {@code element} holds, e.g. an {@code otpauth://totp/...} URI. */
    public static String read(WebElement element) {
        List<String> failures = new ArrayList<>();
        for (int scale : SCALES) {
            BufferedImage picture = withMargin(picture(element, scale));
            int width = picture.getWidth();
            int height = picture.getHeight();
            LuminanceSource source = new RGBLuminanceSource(width, height,
                picture.getRGB(0, 0, width, height, null, 0, width));
            Map<String, BinaryBitmap> readings = new LinkedHashMap<>();
            readings.put("hybrid", new BinaryBitmap(new HybridBinarizer(source)));
            readings.put("global histogram", new BinaryBitmap(new GlobalHistogramBinarizer(source)));
            for (Map.Entry<String, BinaryBitmap> reading : readings.entrySet()) {
                for (Map<DecodeHintType, Object> hints : List.<Map<DecodeHintType, Object>>of(
                        Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE), Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))) {
                    try {
                        return new QRCodeReader().decode(reading.getValue(), hints).getText();
                    } catch (ReaderException e) {
                        failures.add(width + "x" + height + " px, " + reading.getKey() + " " + hints.keySet() + ": "
                            + e.getClass().getSimpleName());
                    }
                }
            }
        }
        throw new AssertionError("no QR code readable in the pictures of " + element.getTagName()
            + " (a phone could not read it either):\n  " + String.join("\n  ", failures));
    }

    /** The element as Chromium draws it at this scale, clipped to its box (CSS px, from the document's top). */
    private static BufferedImage picture(WebElement element, int scale) {
        ChromeDriver driver = (ChromeDriver) ((WrapsDriver) element).getWrappedDriver();
        List<?> box = (List<?>) driver.executeScript("const box = arguments[0].getBoundingClientRect();"
            + "return [box.left + window.scrollX, box.top + window.scrollY, box.width, box.height];", element);
        Map<String, Object> clip = Map.of("x", box.get(0), "y", box.get(1), "width", box.get(2), "height", box.get(3),
            "scale", scale);
        Map<String, Object> picture = driver.executeCdpCommand("Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) picture.get("data"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage withMargin(BufferedImage picture) {
        BufferedImage framed = new BufferedImage(picture.getWidth() + 2 * MARGIN, picture.getHeight() + 2 * MARGIN,
            BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = framed.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, framed.getWidth(), framed.getHeight());
        graphics.drawImage(picture, MARGIN, MARGIN, null);
        graphics.dispose();
        return framed;
    }
}

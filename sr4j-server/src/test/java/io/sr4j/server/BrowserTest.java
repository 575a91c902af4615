package io.sr4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecoder;
import io.sr4j.testing.TestData;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver (both named explicitly, so Selenium Manager never looks for a driver to download).
 * Uploads a photo, waits for the result, checks it is shown at the enlarged size, moves the slider
 * and zoom, downloads the result. The screenshot stays in {@code target/browser/} as an artifact.
 */
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path ARTIFACTS = Path.of("target", "browser");

    @TempDir
    Path jobs;

    @Test
    void uploadEnhanceCompareAndDownload() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (run scripts/install-test-deps.sh)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (run scripts/install-test-deps.sh)").isExecutable();
        Path downloads = Files.createDirectories(ARTIFACTS.resolve("downloads").toAbsolutePath());
        try (Stream<Path> old = Files.list(downloads)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                Files.delete(p);
            }
        }
        Path photo = TestData.skimage("chelsea.png"); // 451 x 300
        Picture input = new ImageDecoder().decode(photo);

        try (TestServer server = TestServer.start(jobs, b -> { })) {
            ChromeDriver browser = startBrowser(downloads);
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                browser.get(server.uri("/").toString());
                wait.until(d -> !d.findElements(By.cssSelector("#model option[value='bicubic']")).isEmpty());
                new Select(browser.findElement(By.id("model"))).selectByValue("bicubic");
                new Select(browser.findElement(By.id("scale"))).selectByValue("2");
                browser.findElement(By.id("file")).sendKeys(photo.toAbsolutePath().toString());
                WebElement go = browser.findElement(By.id("go"));
                wait.until(d -> go.isEnabled());
                go.click();

                wait.until(d -> "shown".equals(d.findElement(By.tagName("body")).getAttribute("data-result")));
                WebElement after = browser.findElement(By.id("after"));
                assertThat(after.isDisplayed()).isTrue();
                JavascriptExecutor js = browser;
                assertThat(((Number) js.executeScript("return arguments[0].naturalWidth", after)).intValue())
                        .isEqualTo(input.width() * 2);
                assertThat(((Number) js.executeScript("return arguments[0].naturalHeight", after)).intValue())
                        .isEqualTo(input.height() * 2);
                assertThat(browser.findElement(By.id("sizes")).getText()).contains("451×300 → 902×600");

                // The slider moves the split; the zoom scales the stage both images sit on.
                js.executeScript("const s = document.getElementById('slider'); s.value = 30;"
                        + "s.dispatchEvent(new Event('input'));");
                assertThat(after.getCssValue("clip-path")).contains("30%");
                new Select(browser.findElement(By.id("zoom"))).selectByValue("2");
                assertThat(browser.findElement(By.id("stage")).getCssValue("transform")).isNotEqualTo("none");

                Files.createDirectories(ARTIFACTS);
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), ARTIFACTS.resolve("sr4j-page.png"),
                        StandardCopyOption.REPLACE_EXISTING);

                browser.findElement(By.id("download")).click();
                Path downloaded = downloads.resolve("chelsea_sr4j.png");
                new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Files.isRegularFile(downloaded)
                        && !Files.exists(downloads.resolve("chelsea_sr4j.png.crdownload")));
                Picture result = new ImageDecoder().decode(downloaded);
                assertThat(result.width()).isEqualTo(902);
                assertThat(result.height()).isEqualTo(600);
            } finally {
                browser.quit();
            }
        }
        assertThat(ARTIFACTS.resolve("sr4j-page.png")).isNotEmptyFile();
    }

    private static ChromeDriver startBrowser(Path downloads) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1000");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        Files.createDirectories(ARTIFACTS);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withLogFile(ARTIFACTS.resolve("chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }

}

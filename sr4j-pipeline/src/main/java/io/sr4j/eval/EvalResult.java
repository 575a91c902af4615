package io.sr4j.eval;

/**
 * One model on one image.
 *
 * @param image   the HR image's file name
 * @param model   the model id
 * @param psnr    PSNR in dB on Y, border shaved by the scale, of the 8-bit output against HR
 * @param ssim    SSIM on the same samples
 * @param seconds wall time of the model on this image (decoding and measuring excluded)
 * @param pixels  the output's pixels (the HR crop's), for costs per megapixel
 */
public record EvalResult(String image, String model, double psnr, double ssim, double seconds, long pixels) {
}

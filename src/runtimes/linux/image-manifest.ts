/** static/linux/manifest.json: what the guest image was built from, and each file's size and hash. */
import { z } from 'zod';

/** The files of static/linux/ that the manifest describes. */
export const artifactNames = ['bzImage', 'initramfs.cpio.gz', 'state.bin.zst', 'seabios.bin', 'vgabios.bin'] as const;
export type ArtifactName = (typeof artifactNames)[number];

const artifact = z.object({ bytes: z.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const imageManifestSchema = z.object({
  description: z.string(),
  kernel: z.object({
    config: z.string(),
    configSha256: z.string().regex(/^[0-9a-f]{64}$/),
    commandLine: z.string(),
  }),
  memoryBytes: z.number().int().positive(),
  /** The v86 version that made the saved state (another version may not restore it). */
  v86Version: z.string(),
  packages: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      architecture: z.string(),
      /** The Debian source package (its sources are the GPL sources of this binary package). */
      source: z.string(),
      sourceVersion: z.string(),
    }),
  ),
  artifacts: z.record(z.enum(artifactNames), artifact),
  /**
   * The C labs' files as they ship, already in the saved state's /lab/<lab id>/ (with their
   * binaries): a file whose content still hashes the same is not written again after a restore.
   */
  labFiles: z
    .array(z.object({ path: z.string().startsWith('/lab/'), sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .default([]),
  sourceNotice: z.string(),
});

export type ImageManifest = z.infer<typeof imageManifestSchema>;

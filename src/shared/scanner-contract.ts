/** Schemas of the HID POS scanner's channels, event and setting (part of the one contract in contract.ts). */
import { z } from 'zod';
import { errorPayloadSchema } from './batches-contract';

/** Usage page of bar code scanners in the HID Point of Sale usage tables. */
export const HID_POS_USAGE_PAGE = 0x8c;

const usbIdSchema = z.number().int().min(0).max(0xffff);

/** One HID interface as node-hid lists it; `hidPos` marks usage page 0x8C (listed first). */
export const hidDeviceSchema = z
  .object({
    vendorId: usbIdSchema,
    productId: usbIdSchema,
    path: z.string(),
    product: z.string().optional(),
    manufacturer: z.string().optional(),
    serialNumber: z.string().optional(),
    usagePage: z.number().int().nonnegative(),
    usage: z.number().int().nonnegative(),
    interface: z.number().int().optional(),
    hidPos: z.boolean(),
  })
  .strict();
export type HidDevice = z.infer<typeof hidDeviceSchema>;

/** What `scanner.select` asks for: the device by vendor/product id, and the interface path when known. */
export const scannerSelectSchema = z
  .object({ vendorId: usbIdSchema, productId: usbIdSchema, path: z.string().min(1).max(1024).optional() })
  .strict();
export type ScannerSelect = z.infer<typeof scannerSelectSchema>;

/** The chosen scanner as kept in the `hidScanner` setting (the product name is for showing it while unplugged). */
export const hidScannerChoiceSchema = scannerSelectSchema
  .extend({ product: z.string().max(256).optional(), usagePage: z.number().int().nonnegative().optional() })
  .strict();
export type HidScannerChoice = z.infer<typeof hidScannerChoiceSchema>;

export const SCANNER_STATES = ['idle', 'connected', 'disconnected'] as const;
export const scannerStateSchema = z.enum(SCANNER_STATES);
export type ScannerState = z.infer<typeof scannerStateSchema>;

/**
 * `available`: node-hid loaded (`reason` says why not). `state`: idle (nothing chosen, or HID off),
 * connected, or disconnected (chosen but not open: unplugged, no permission; retried every 2 s).
 * `last_error`: the latest open/read/decode problem, in both languages.
 */
export const scannerStatusSchema = z
  .object({
    available: z.boolean(),
    reason: z.string().optional(),
    selected: hidScannerChoiceSchema.optional(),
    state: scannerStateSchema,
    last_error: errorPayloadSchema.optional(),
  })
  .strict();
export type ScannerStatus = z.infer<typeof scannerStatusSchema>;

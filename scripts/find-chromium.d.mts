export declare const NO_BROWSER_MESSAGE: string;
export declare function findChromium(): string | null;

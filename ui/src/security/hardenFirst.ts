// Imported first by main.tsx, so it runs before any library module is evaluated.
import { hardenPrototypes } from "./harden";

hardenPrototypes();

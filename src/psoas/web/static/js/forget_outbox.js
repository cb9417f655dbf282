// Loaded after all of a person's data was deleted: anything still waiting to be sent from before
// the deletion belongs to data that is gone.
import { clear } from "./outbox.js";

clear();

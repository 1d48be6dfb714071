// Where renders are kept between requests: the port the caching renderer writes through.
import type { AppRender } from "../../core/model.js";

/** A content-addressed store of renders. `get` never throws: anything unreadable is a miss. */
export interface RenderCache {
  get(key: string): Promise<AppRender | undefined>;
  set(key: string, render: AppRender): Promise<void>;
}

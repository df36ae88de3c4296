// The merchant dashboard: app.ts says how the page is fed; scripts/web.sh builds it into dist.
import "./style.css";
import { Dashboard } from "./app";

void new Dashboard().start();

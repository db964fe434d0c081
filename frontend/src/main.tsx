import { render } from 'preact'
import './styles/app.scss'
import { App } from './app'

// govuk-frontend's CSS applies its JavaScript-enhanced styles only with this class
// (set here because the Content-Security-Policy allows no inline script).
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

render(<App />, document.getElementById('app')!)

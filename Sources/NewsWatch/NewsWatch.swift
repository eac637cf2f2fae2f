import Foundation
import Model
